"""Bilingual labels (Simplified Chinese and English) shared by the screens and the export headers.

One catalog so a term is translated once; the vocabulary follows DESIGN.md §9.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.model import ActionStatus, ActionUpdate

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_ENUM_LABELS: dict[str, tuple[str, str]] = {
    # Scenario
    "monthly": ("月度复盘", "monthly review"),
    "quarterly": ("季度复盘", "quarterly review"),
    "half_year": ("半年度复盘", "half-year review"),
    "annual": ("年度复盘", "annual review"),
    "key_project": ("重点项目复盘", "key project review"),
    "anomaly": ("异常复盘", "anomaly review"),
    "capability": ("团队能力复盘", "team capability review"),
    # MeetingStatus
    "planned": ("未开始", "planned"),
    "running": ("进行中", "running"),
    "finished": ("已结束", "finished"),
    # SlotStatus
    "waiting": ("等待", "waiting"),
    "presenting": ("汇报中", "presenting"),
    "skipped": ("已跳过", "skipped"),
    # Direction / Aggregation
    "higher": ("越高越好", "higher is better"),
    "lower": ("越低越好", "lower is better"),
    "sum": ("求和", "sum"),
    "mean": ("平均", "mean"),
    "last": ("期末值", "last"),
    # Impact / Ease
    "high": ("影响大", "high impact"),
    "low": ("影响小", "low impact"),
    "easy": ("易改善", "easy"),
    "hard": ("难改善", "hard"),
    # FishboneCategory
    "people": ("主观(人员/能力)", "people/skill"),
    "product_market": ("客观(产品/市场)", "product/market"),
    "process": ("流程", "process"),
    "resources": ("资源", "resources"),
    # Attribution
    "internal": ("内因", "internal"),
    "external": ("外因", "external"),
    # LessonKind
    "success": ("成功经验", "success"),
    "failure": ("失败教训", "failure"),
    # ActionStatus (+ the derived overdue)
    "not_started": ("未开始", "not started"),
    "in_progress": ("进行中", "in progress"),
    "done": ("已完成", "done"),
    "cancelled": ("已取消", "cancelled"),
    "overdue": ("逾期", "overdue"),
    # CatchUpSource
    "existing_existing": ("老客户老项目", "existing customer/existing project"),
    "existing_new": ("老客户新项目", "existing customer/new project"),
    "new_new": ("新客户新项目", "new customer/new project"),
    # PipelineStage
    "lead": ("线索", "lead"),
    "opportunity": ("商机", "opportunity"),
    "bid": ("投标", "bid"),
    "contract": ("合同", "contract"),
    # KeyWorkCause
    "strategy": ("策略", "strategy"),
}

# Words of the UI and of export headers. Keys are stable English identifiers.
_TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("复盘", "fupan"),
    "meeting": ("复盘会", "review meeting"),
    "meetings": ("复盘会列表", "Review meetings"),
    "title": ("标题", "Title"),
    "goal": ("目标", "Goal"),
    "scenario": ("场景", "Scenario"),
    "period": ("期间", "Period"),
    "date": ("日期", "Date"),
    "facilitator": ("主持人", "Facilitator"),
    "slot_minutes": ("每人时长(分钟)", "Minutes per slot"),
    "status": ("状态", "Status"),
    "presenters": ("汇报人数", "Presenters"),
    "open_actions": ("未关闭行动", "Open actions"),
    "presenter": ("汇报人", "Presenter"),
    "slot": ("时段", "Slot"),
    "agenda": ("议程", "Agenda"),
    "indicators": ("指标", "Indicators"),
    "root_causes": ("根因", "Root causes"),
    "actions": ("行动", "Actions"),
    "lessons": ("经验教训", "Lessons"),
    "catch_up": ("追赶计划", "Catch-up"),
    "previous_actions": ("往期行动", "Previous actions"),
    "summary": ("会议小结", "Summary"),
    "tracking": ("行动跟踪", "Action tracking"),
    # Indicator review table (销售业绩数据复盘表)
    "table.indicators": ("销售业绩数据复盘表", "Indicator review"),
    "indicator_category": ("指标类别", "Category"),
    "indicator": ("具体指标", "Indicator"),
    "unit": ("单位", "Unit"),
    "target": ("目标值", "Target"),
    "actual": ("实际值", "Actual"),
    "achievement": ("达成率", "Achievement"),
    "gap": ("差距", "Gap"),
    "gap_rate": ("差距率", "Gap rate"),
    "analysis": ("差异分析", "Analysis"),
    "last_year": ("去年同期", "Last year"),
    "benchmark": ("行业/竞品", "Benchmark"),
    "met": ("达成", "Met"),
    "not_met": ("未达成", "Not met"),
    "impact": ("影响", "Impact"),
    "ease": ("难易", "Ease"),
    "priority": ("优先级", "Priority"),
    # Root cause table (问题根因分析表)
    "table.key_work": ("重点工作复盘表", "Key work review"),
    "table.root_causes": ("问题根因分析表", "Root causes"),
    "problem": ("问题描述", "Problem"),
    "preliminary_cause": ("可能原因(初步)", "Preliminary cause"),
    "five_why": ("5-Why", "5-Why"),
    "root_cause": ("根本原因", "Root cause"),
    "category": ("类别", "Category"),
    "attribution": ("归因", "Attribution"),
    "evidence": ("验证方法", "Evidence"),
    "unverified": ("未验证", "unverified"),
    "why": ("为什么", "Why"),
    "because": ("因为", "Because"),
    # Lessons table (经验教训总结表)
    "table.lessons": ("经验教训总结表", "Lessons"),
    "lesson_kind": ("类型", "Type"),
    "content": ("具体内容", "Content"),
    "applies_to": ("适用场景/可复制点", "Where it applies"),
    # Action tracking table (行动计划跟踪表)
    "table.actions": ("行动计划跟踪表", "Action tracking"),
    "action_id": ("编号", "ID"),
    "measure": ("改进措施", "Measure"),
    "owner": ("责任人", "Owner"),
    "start": ("开始时间", "Start"),
    "due": ("完成时间", "Due"),
    "standard": ("衡量标准", "Acceptance standard"),
    "checkpoint": ("检查节点(输出物)", "Checkpoint (deliverable)"),
    "resources": ("所需资源", "Resources"),
    "action_status": ("当前状态", "Status"),
    "risk": ("风险预警", "Risk"),
    "last_update": ("最近更新", "Last update"),
    "note": ("备注", "Note"),
    # Catch-up table (追赶计划)
    "table.catch_up": ("追赶计划", "Catch-up plan"),
    "source": ("来源", "Source"),
    "customer": ("客户/项目", "Customer/project"),
    "amount": ("金额", "Amount"),
    "expected_month": ("预计月份", "Expected month"),
    "stage": ("阶段", "Stage"),
    "coverage": ("覆盖率", "Coverage"),
    "gap_to_close": ("待追赶差距", "Gap to close"),
    "planned_total": ("计划合计", "Planned total"),
    "period_target": ("期间目标", "Period target"),
    "actual_to_date": ("累计实际", "Actual to date"),
    "forecast_delta": ("滚动预测−初始预测", "Rolling − initial forecast"),
    # Timing table (时间记录)
    "table.timing": ("时间记录", "Timing"),
    "planned_minutes": ("计划时长", "Planned"),
    "actual_minutes": ("实际时长", "Actual"),
    "overrun": ("超时", "Overrun"),
    "pauses": ("暂停次数", "Pauses"),
    "adjustment": ("其中调整", "of which adjusted"),
    "not_presented": ("未汇报", "not presented"),
    "agenda.not_presented": ("未汇报", "not given"),  # short enough for the agenda's status column
    "meeting_id": ("会议编号", "Meeting ID"),
    "meeting_title": ("会议", "Meeting"),
    # Timer and meeting clock
    "planned_end": ("计划结束", "Planned end"),
    "projected_end": ("预计结束", "Projected end"),
    "ahead": ("提前", "ahead"),
    "behind": ("落后", "behind"),
    "on_time": ("准时", "on time"),
    "ten_minutes_left": ("会议仅剩10分钟", "10 minutes left in the meeting"),
    # Import templates and sheets (exports.templates, exports.indicators, exports.agenda)
    "direction": ("方向", "Direction"),
    "aggregation": ("汇总方式", "Aggregation"),
    "order": ("顺序", "Order"),
    "minutes": ("时长(分钟)", "Minutes"),
    "total": ("合计", "Total"),
    # The review report (复盘报告)
    "report": ("复盘报告", "Review report"),
    "report.overview": ("会议概况", "Meeting"),
    "report.presenter": ("汇报人：{name}", "Presenter: {name}"),
    "report.timing_total": ("计划 {planned}，实际 {actual}，超时 {overrun}", "planned {planned}, actual {actual}, overrun {overrun}"),
    "report.generated": ("生成日期", "Generated"),
    "report.none": ("无", "none"),
    # The next review: how the previous actions moved, and trends (DESIGN.md §4.7)
    "table.movement": ("上次行动跟踪", "Previous actions movement"),
    "table.trends": ("指标趋势", "Indicator trends"),
    "status_then": ("上次复盘时状态", "Status at last review"),
    "status_now": ("现在状态", "Status now"),
    "updates_between": ("期间更新", "Updates since"),
    "movement": ("变化", "Movement"),
    "moved.closed": ("已关闭", "closed"),
    "moved.progressed": ("有进展", "progressed"),
    "moved.untouched": ("未动", "untouched"),
    "newly_overdue": ("新逾期", "newly overdue"),
    # The previous actions' counts, as parts joined by "movement.sep": a narrow screen breaks the line only
    # between two parts, never between a count and its caption.
    "movement.counts": ("上次行动 {total} 项：已关闭 {closed}", "{total} previous actions: {closed} closed"),
    "movement.counts.progressed": ("有进展 {n}", "{n} progressed"),
    "movement.counts.untouched": ("未动 {n}", "{n} untouched"),
    "movement.counts.newly_overdue": ("新逾期 {n}", "{n} newly overdue"),
    "movement.sep": ("，", ", "),
    "movement.since": ("上次复盘：{title}（{date}）", "Last review: {title} ({date})"),
    "movement.none": ("没有从上次复盘带入的行动", "No actions carried in from the last review"),
    "trend": ("趋势", "Trend"),
    "trend.reviews": ("复盘期间", "Reviews"),
    "trend.rates": ("各期达成率", "Achievement by review"),
    "not_met_streak": ("连续未达成", "Not met in a row"),
    "not_met_streak.value": ("连续未达成 {n} 期", "not met {n} in a row"),
    "chronic": ("长期差距", "chronic gap"),
    "streak.chronic": ("{streak}（{chronic}）", "{streak} ({chronic})"),  # full-width brackets in Chinese text
    "why.prompt": ("为什么？", "Why?"),
    # Print-ready XLSX and charts (exports.write, exports.charts)
    "charts": ("图表", "Charts"),
    "chart.target_vs_actual": ("{indicator}：目标与实际 {period}", "{indicator}: target vs actual {period}"),
    "chart.ranking": ("汇报人达成率排名（各指标平均）", "Presenters by achievement (mean over indicators)"),
    "chart.action_status": ("行动状态（本次及往期）", "Actions by status (this and earlier meetings)"),
    "chart.count": ("数量", "Count"),
    "chart.coverage": ("追赶计划覆盖率", "Catch-up coverage"),
    "chart.achievement_by_presenter": ("达成率（按汇报人）", "Achievement by presenter"),
    "xlsx.page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "xlsx.status_expected": ("请从下拉列表中选择：{choices}", "Choose from the list: {choices}"),
    "xlsx.date_expected": ("请输入日期，例如 2026-10-20", "Enter a date, e.g. 2026-10-20"),
    # --- UI: meetings, setup, tracking (tui.screens.meetings / setup / tracking, tui.widgets.meeting_form)
    "ui.new_meeting": ("新建", "New"),
    "ui.new_meeting_title": ("新建复盘会", "New review meeting"),
    "ui.open_live": ("开会", "Open live"),
    "ui.setup": ("设置", "Setup"),
    "ui.delete": ("删除", "Delete"),
    "ui.save": ("保存", "Save"),
    "ui.cancel": ("取消", "Cancel"),
    "ui.back": ("返回", "Back"),
    "ui.yes": ("删除", "Delete"),
    "ui.no": ("取消", "Cancel"),
    "ui.saved": ("已保存", "Saved"),
    "ui.no_meetings_hint": (
        "还没有复盘会。\n\n按 n 新建一场复盘会，或在命令行运行 fupan demo 打开示例会议。",
        "No review meetings yet.\n\nPress n to create one, or run `fupan demo` for a sample meeting.",
    ),
    "ui.meeting_created": ("已创建：{title}，请添加汇报人", "Created {title}: now add the presenters"),
    "ui.meeting_deleted": ("已删除：{title}", "Deleted {title}"),
    "ui.confirm_delete_meeting": (
        "删除复盘会「{title}」及其议程、指标、根因和行动？此操作无法撤销。",
        "Delete the meeting \"{title}\" with its agenda, indicators, root causes and actions? This cannot be undone.",
    ),
    "ui.confirm_remove_started_slot": (
        "从议程删除「{name}」？其已记录的计时（{time}）将一并删除，计时报告中不再有这一行。",
        "Remove \"{name}\" from the agenda? The time recorded for this slot ({time}) is deleted with it "
        "and leaves the timing report.",
    ),
    "ui.period_placeholder": ("如 H1、Q3、2026-10", "e.g. H1, Q3, 2026-10"),
    "ui.date_placeholder": ("如 2026-10-20、10月20日、10/20", "e.g. 2026-10-20, 10/20"),
    "ui.goal_placeholder": ("具体目标，如：分析Q3销售额未达标原因", "A specific goal, e.g. why Q3 sales missed target"),
    "ui.title_required": ("请填写标题", "A meeting needs a title"),
    "ui.goal_required": ("请填写会议目标，例如「分析Q3销售额未达标原因」", "A meeting needs a goal"),
    "ui.goal_vague": (
        "目标「{goal}」太笼统：写明会议要弄清什么，例如「分析Q3销售额未达标原因」",
        "The goal \"{goal}\" is too vague",
    ),
    "ui.date_invalid": ("无法识别日期「{value}」，例如 2026-10-20、10月20日", "Cannot read the date \"{value}\" (e.g. 2026-10-20, 10/20)"),
    "ui.minutes_invalid": ("时长须为 1–120 的整数分钟", "Minutes must be a whole number from 1 to 120"),
    "ui.setup_title": ("会议设置", "Meeting setup"),
    "ui.details": ("会议信息", "Meeting details"),
    "ui.add_presenter_placeholder": (
        "添加汇报人：名字 或 名字:15（分钟），回车添加",
        "Add a presenter: name or name:15 (minutes), Enter adds",
    ),
    "ui.presenter_invalid": ("无法识别「{value}」：请输入 名字 或 名字:分钟", "Cannot read \"{value}\": type name or name:minutes"),
    "ui.presenter_exists": ("{name} 已在议程中", "{name} is already on the agenda"),
    "ui.presenter_added": ("已添加：{name}", "Added {name}"),
    "ui.remove_slot": ("移除", "Remove"),
    "ui.move_up": ("上移", "Move up"),
    "ui.move_down": ("下移", "Move down"),
    "ui.longer": ("+1分钟", "+1 min"),
    "ui.shorter": ("−1分钟", "−1 min"),
    "ui.agenda_total": ("共 {count} 人，计划 {minutes} 分钟", "{count} presenters, {minutes} minutes planned"),
    "aggregation_by.unit": ("单位「{clue}」", "unit '{clue}'"),
    "aggregation_by.name": ("名称含「{clue}」", "name with '{clue}'"),
    "aggregation_by.default": ("单位与名称均未说明，默认", "neither unit nor name says: default"),
    "aggregation_mark.inferred": ("推断", "inferred"),
    "aggregation_mark.legacy": ("待确认", "to confirm"),
    "import.aggregation_item": ("{indicator} → {aggregation}（{why}）", "{indicator} → {aggregation} ({why})"),
    "import.aggregation_inferred": (
        "注意：表中没有汇总方式列，已按单位和名称推断 {count} 个指标的汇总方式：{items}。"
        "如需更改，请在会议设置中调整，或在表中加「汇总方式」列",
        "Note: the sheet has no 汇总方式 (aggregation) column; inferred from unit and name for {count} "
        "indicators: {items}. To change one, use the setup screen or add an aggregation column"),
    "import.aggregation_legacy": (
        "注意：{indicator} 的汇总方式「{stored}」是旧版本的默认值，按{why}应为「{inferred}」；"
        "数据未重算，请在会议设置中确认",
        "Note: {indicator} rolls up by '{stored}', an earlier version's default; by its {why} it would be "
        "'{inferred}'. Nothing was recomputed: confirm it on the setup screen"),
    "ui.aggregations": ("汇总方式（a 切换）", "Aggregation (a changes it)"),
    "ui.change_aggregation": ("切换汇总方式", "Change aggregation"),
    "ui.import_sheet": ("导入指标表", "Import indicator sheet"),
    "ui.sheet_path_placeholder": ("文件路径（CSV 或 XLSX）", "File path (CSV or XLSX)"),
    "ui.preview": ("预览", "Preview"),
    "ui.import": ("导入", "Import"),
    "ui.import_problems": ("发现 {count} 个问题，未写入任何数据", "{count} problems found: nothing was written"),
    "ui.import_preview": ("预览：将写入 {count} 行（尚未写入）", "Preview: {count} rows would be written (nothing written yet)"),
    "ui.imported": ("已导入 {count} 行", "Imported {count} rows"),
    "ui.file": ("文件", "File"),
    "ui.row": ("行", "Row"),
    "ui.column": ("列", "Column"),
    "ui.value": ("值", "Value"),
    "ui.expected": ("应为", "Expected"),
    "ui.filter_owner": ("按责任人筛选", "Filter by owner"),
    "ui.all_statuses": ("全部状态", "All statuses"),
    "ui.all_meetings": ("全部会议", "All meetings"),
    "ui.overdue_only": ("仅看逾期", "Overdue only"),
    "ui.mark_done": ("已完成", "Done"),
    "ui.mark_in_progress": ("进行中", "In progress"),
    "ui.mark_cancelled": ("已取消", "Cancelled"),
    "ui.mark_not_started": ("未开始", "Not started"),
    "ui.status_note_prompt": (
        "#{id} {measure} → {status}\n备注（可留空，回车确认，Esc 取消）",
        "#{id} {measure} → {status}\nNote (may be empty; Enter accepts, Esc cancels)",
    ),
    "ui.status_updated": ("#{id} 已更新为 {status}", "#{id} is now {status}"),
    "ui.no_actions": ("没有符合条件的行动", "No actions match the filters"),
    "ui.action_count": ("{count} 项行动，逾期 {overdue} 项", "{count} actions, {overdue} overdue"),
}


# Words of the live meeting and summary screens (tui.screens.live, tui.screens.summary).
_LIVE_TEXTS: dict[str, tuple[str, str]] = {
    "app_subtitle": ("销售复盘会", "sales review meetings"),
    "key.start_pause": ("开始/暂停", "Start/pause"),
    "key.next": ("下一位", "Next"),
    "key.previous": ("上一位", "Previous"),
    "key.skip": ("跳过", "Skip"),
    "key.plus": ("+1分钟", "+1 min"),
    "key.minus": ("−1分钟", "−1 min"),
    "key.mute": ("静音", "Mute"),
    "key.save": ("保存", "Save"),
    "key.export": ("导出", "Export"),
    "key.summary": ("小结", "Summary"),
    "key.back": ("返回", "Back"),
    "key.new": ("新建", "New"),
    "key.discard_draft": ("丢弃草稿", "Discard draft"),
    "key.delete": ("删除", "Delete"),
    "key.take_up": ("转到此人", "Take up"),
    "key.impact": ("影响大/小", "Impact"),
    "key.ease": ("难/易", "Ease"),
    "key.root_cause": ("分析根因", "Root-cause it"),
    "key.all_periods": ("全部期间", "All periods"),
    "key.done": ("标为完成", "Mark done"),
    "key.in_progress": ("标为进行中", "Mark in progress"),
    "key.cancelled": ("标为取消", "Mark cancelled"),
    "key.not_started": ("标为未开始", "Mark not started"),
    "key.tab": ("切换标签", "Switch tab"),
    "key.help": ("帮助", "Help"),
    "key.quit": ("退出", "Quit"),
    "slot_of": ("第 {n}/{total} 位", "Slot {n} of {total}"),
    "paused": ("已暂停", "paused"),
    "running_clock": ("计时中", "running"),
    "not_started_clock": ("未开始 · 按 F2 开始", "not started · F2 to start"),
    "muted": ("已静音", "muted"),
    "phase.normal": ("", ""),
    # The phase's name alone (true whatever the thresholds) …
    "phase.wrap-up": ("请总结", "Wrap up"),
    "phase.final": ("请结束", "Please finish"),
    # … and with the time really left, as core.timer.phase_caption words it under the countdown.
    "phase.wrap-up.left": ("请总结 · 剩余{minutes}分钟内", "Wrap up · under {minutes} min left"),
    "phase.final.left": ("最后{seconds}秒 · 请结束", "Final {seconds} seconds · please finish"),
    "not_presented_yes": ("记为未汇报", "Not presented"),
    "stay": ("留在此人", "Stay"),
    "confirm_not_presented": ("{name} 还没有开始汇报（计时从未启动）。记为「未汇报」并转到下一位？",
                              "{name} has not presented (the clock never ran). Record as not presented and move on?"),
    "not_presented_recorded": ("{name} 记为未汇报（已跳过，可从议程中接续）",
                               "{name} recorded as not presented (skipped, can be taken up from the agenda)"),
    "timer.meeting_finished": ("会议已结束", "meeting finished"),
    "timer.slot_done": ("本位已结束", "this slot is done"),
    "timer.skipped": ("已跳过 · 可从议程中接续", "skipped · take it up from the agenda"),
    "timer.not_presented": ("未汇报 · 可从议程中接续", "not presented · take it up from the agenda"),
    "phase.overtime": ("已超时", "Overtime"),
    "meeting_warning": ("⚠ 会议仅剩 {minutes} 分钟", "⚠ {minutes} min left in the meeting"),
    "meeting_over": ("⚠ 会议已超出计划时间", "⚠ The meeting is past its planned end"),
    "ahead_by": ("提前 {minutes} 分钟", "{minutes} min ahead"),
    "behind_by": ("落后 {minutes} 分钟", "{minutes} min behind"),
    "actual_vs_planned": ("实际/计划", "Actual/plan"),
    "no_rate.missing": ("缺少数值", "value missing"),
    "no_rate.zero_target": ("目标为0", "target is 0"),
    "no_rate.actual_not_positive": ("实际≤0，无法计算", "actual ≤ 0, no rate"),
    "saved": ("已保存", "Saved"),
    "saved_incomplete": ("已保存，待补全：缺少{fields}", "Saved, incomplete: missing {fields}"),
    "required": ("必填", "required"),
    "status_unchanged": ("#{id} 状态未变且没有备注，未记录", "#{id}: same status and no note, nothing recorded"),
    "above_zero": ("必须大于 0", "must be above 0"),
    "confirm_past_due": ("完成时间 {due} 早于今天。确定按这个日期保存？",
                         "The due date {due} is before today. Save it with this date?"),
    "keep_past_due": ("按此日期保存", "Save this date"),
    "due_before_start": ("完成时间早于开始时间", "the due date is before the start date"),
    "invalid": ("格式不对", "invalid"),
    "choose_gap": ("选择差距", "Choose a gap"),
    "no_gaps": ("该汇报人没有未达成指标", "This presenter has no shortfall"),
    "new_root_cause": ("新根因", "New root cause"),
    "add_step": ("添加这一步", "Add step"),
    "steps": ("5-Why 链", "5-Why chain"),
    "nudge_internal": ("归因于内：先找自身可控的原因", "Attribute inward: look for causes within your control first"),
    "link": ("关联", "Link"),
    "none": ("无", "none"),
    "complete": ("完整", "Complete"),
    "incomplete": ("待补全", "Incomplete"),  # a saved action without owner or due date: not a draft
    "draft_mark": ("✎ 未保存草稿 · Ctrl+S 保存 · Ctrl+D 丢弃（先确认）", "✎ Unsaved draft · Ctrl+S saves · Ctrl+D discards (asks first)"),
    "discard_draft_question": ("丢弃这份未保存草稿？", "Discard this unsaved draft?"),
    "open_drafts": ("未保存草稿", "Unsaved drafts"),
    "form": ("表单", "Form"),
    "draft_text": ("已输入内容", "Typed so far"),
    "updated": ("更新时间", "Updated"),
    "add_line": ("添加", "Add line"),
    "save_plan": ("保存计划", "Save plan"),
    "under_covered": ("覆盖率不足100%", "Coverage under 100%"),
    "no_plan": ("暂无追赶计划：填写期间目标与累计实际后保存", "No catch-up plan yet: enter the period target and actual to date"),
    "no_indicators": ("还没有指标数据：在会议设置中导入指标表，或运行 fupan import indicators",
                      "No indicators yet: import a sheet on the setup screen, or run fupan import indicators"),
    "key_work": ("重点工作", "Key work"),
    "kw_title": ("工作事项", "Work item"),
    "kw_plan": ("年初计划", "Plan"),
    "kw_status": ("完成情况", "Status"),
    "kw_met": ("是否达成", "Met?"),
    "kw_shortfall": ("不足之处", "Shortfall"),
    "kw_cause": ("原因(策略/资源)", "Cause (strategy/resources)"),
    "no_key_work": ("还没有重点工作：填写下方表单，回车保存", "No key work yet: fill in the form below, Enter saves"),
    "no_previous": ("没有往期未关闭的行动", "No open actions from earlier meetings"),
    "status_note": ("状态改为「{status}」— 备注（回车确认）", "Status → {status} — note (Enter to confirm)"),
    "status_changed": ("行动 {id} → {status}", "Action {id} → {status}"),
    "from_meeting": ("来自会议", "From meeting"),
    "shortfall_mark": ("未达成", "shortfall"),
    "rc_count": ("根因数", "Root causes"),
    "meeting_finished": ("最后一位已结束：会议小结", "Last slot finished: summary"),
    "timing_report": ("时间记录", "Timing report"),
    "gaps_without_root_cause": ("没有根因的差距", "Gaps without a root cause"),
    "root_causes_without_evidence": ("没有验证方法的根因", "Root causes without evidence"),
    "actions_incomplete": ("缺少责任人或完成时间的行动", "Actions without owner or due date"),
    "all_clear": ("全部齐全 ✓", "All complete ✓"),
    "export_to": ("导出格式", "Export format"),
    "exported": ("已导出：{path}", "Exported: {path}"),
    "export_failed": ("导出失败：{error}", "Export failed: {error}"),
    "store_busy": ("数据库正被其他程序占用，未能保存；输入的内容仍在，请稍后再保存（Ctrl+S）",
                   "The database is held by another program, so this was not saved; what you typed is still "
                   "there: save again in a moment (Ctrl+S)"),
    "store_busy_status": ("数据库正被其他程序占用，#{id} 的状态未更改（备注：{note}）；请稍后再试",
                          "The database is held by another program: #{id}'s status was not changed (note: "
                          "{note}); try again in a moment"),
    "store_busy_timer": ("数据库正被其他程序占用，计时状态暂未写入；将自动重试",
                         "The database is held by another program; the timer's state is not written yet and "
                         "will be retried"),
    "back_to_live": ("返回会议", "Back to the meeting"),
    "missing.owner": ("责任人", "owner"),
    "missing.due": ("完成时间", "due date"),
    "total_row": ("合计", "Total"),
    "edit_hint": ("Esc 离开输入框 · 1–7 切换标签 · Ctrl+S 保存", "Esc leaves a field · 1–7 switch tabs · Ctrl+S saves"),
}
_TEXTS.update(_LIVE_TEXTS)

# The database file: refused, read-only, locked or changed by another tool (the command line's one line).
_FILE_TEXTS: dict[str, tuple[str, str]] = {
    "file.cannot_open": ("无法打开数据库 {path}：{error}", "cannot open database {path}: {error}"),
    "file.not_fupan_tables": ("不是 fupan 的数据库（其中是其他程序的表：{tables}）；文件没有任何改动",
                              "not a fupan database (it holds another program's tables: {tables}); nothing was changed"),
    "file.not_fupan_id": ("不是 fupan 的数据库（属于其他程序：application_id {app_id}）；文件没有任何改动",
                          "not a fupan database (it belongs to another program: application_id {app_id}); "
                          "nothing was changed"),
    "file.newer": ("由更新版本的 fupan 写入（数据库版本 {theirs}，本程序最高支持 {ours}）：请用该版本或更新的 fupan 打开；"
                   "文件没有任何改动",
                   "written by a newer fupan (schema version {theirs}; this fupan knows up to {ours}): open it "
                   "with that version or later; nothing was changed"),
    "file.read_only": ("无法写入 {path}：文件是只读的（请检查权限）；没有任何改动",
                       "cannot write to {path}: the file is read-only (check its permissions); nothing was changed"),
    "file.locked": ("{path} 被其他程序锁定超过 {seconds} 秒；没有任何改动，请稍后重试",
                    "{path} stayed locked by another program for over {seconds} s; nothing was changed, try again"),
    "file.other_columns": ("{path} 的表和列与本版本 fupan 所需的不同：{error}",
                           "{path} does not have the tables and columns this fupan expects: {error}"),
    "file.error": ("数据库 {path}：{error}", "database {path}: {error}"),
    "backup.no_database": ("{path} 没有数据库可备份", "no database at {path} to back up"),
    "backup.exists": ("{path} 已存在：请给一个新文件名或一个文件夹（备份从不覆盖文件）",
                      "{path} already exists; name a new file or a folder (a backup never overwrites)"),
    "backup.no_folder": ("{path} 不是文件夹", "{path} is not a folder"),
    "backup.cannot_write": ("无法写入 {path}：{error}", "cannot write {path}: {error}"),
    "backup.not_intact": ("{path} 中的副本未通过完整性检查：{error}", "the copy in {path} failed its integrity check: {error}"),
}
_TEXTS.update(_FILE_TEXTS)

# The next review (DESIGN.md §4.7), reminders at a glance and checkable actions (seed 003's SMART).
_NEXT_TEXTS: dict[str, tuple[str, str]] = {
    "cli.no_meeting": ("没有 id 为 {id} 的会议（`fupan meetings` 列出所有会议）；没有任何改动",
                       "no meeting with id {id} (`fupan meetings` lists them); nothing was changed"),
    "next.flagged": ("{name}：上次{why}，请确认本次安排汇报", "{name}: {why} last time; make sure they present this time"),
    "next.skipped": ("被跳过", "skipped"),
    "next.not_presented": ("未汇报", "did not present"),
    "ui.next_review": ("下次复盘", "Next review"),
    "ui.next_created": ("已创建下次复盘：{title}（{count} 位汇报人，议程沿用上次）",
                        "Next review created: {title} ({count} presenters, last review's agenda)"),
    "ui.reminders": ("行动：逾期 {overdue} · {days} 天内到期 {soon}",
                     "Actions: {overdue} overdue · {soon} due within {days} days"),
    "smart.no_measure": ("衡量标准没有数字、日期或交付物，下次复盘难以检查",
                         "the standard has no number, date or deliverable: hard to check at the next review"),
    "smart.vague": ("「{word}」没有量化：写明提高多少、到何时", "\"{word}\" has no quantity: say how much, by when"),
    "smart.nudge": ("已保存。提示：{problems}", "Saved. A hint: {problems}"),
    "smart.hint": ("提示", "Hint"),
    "smart.not_checkable": ("标准不可检查的行动", "Actions without a checkable standard"),
}
_TEXTS.update(_NEXT_TEXTS)

# nextrev (issue 13, rest): carried-in actions' checkable standard, flagged presenters kept on the next
# review, chronic gaps rated with that in view.
_NEXTREV_TEXTS: dict[str, tuple[str, str]] = {
    "checkable": ("标准可检查", "Checkable standard"),
    "table.priority": ("差距优先级", "Gap priority"),
    "priority.rank": ("优先级", "Priority"),
    "impact.suggested": ("建议：{impact}", "suggested: {impact}"),
    "flag.last_time": ("⚑ 上次{why}", "⚑ {why} last time"),
    "checkable.yes": ("是", "yes"),
    "checkable.no": ("否", "no"),
    "movement.ask_standard": ("{n} 项带入的行动没有可检查的衡量标准，请责任人补上（数字、日期或交付物）：{items}",
                              "Carried in without a checkable standard: {n}; ask the owners for one "
                              "(a number, a date or a deliverable): {items}"),
}
_TEXTS.update(_NEXTREV_TEXTS)


def flag_text(flag: Enum | str | None, lang: Lang) -> str:
    """A presenter flagged from the last review (core.model.PresenterFlag) as "⚑ 上次被跳过"; "" for None."""
    if flag is None:
        return ""
    why = flag.value if isinstance(flag, Enum) else flag
    return text("flag.last_time", lang).format(why=text(f"next.{why}", lang))

_CLOCK_TEXTS: dict[str, tuple[str, str]] = {
    # the room's clock: `fupan clock`, `fupan serve` and the live screen's big clock
    "clock.title": ("fupan 复盘 · 计时", "fupan 复盘 · clock"),
    "clock.next": ("下一位：{name}", "Next: {name}"),
    "clock.last": ("最后一位", "Last presenter"),
    "clock.not_started": ("即将开始", "Starting soon"),
    "clock.waiting_any": ("等待会议开始 · 现在没有进行中的会议（也没有唯一一个今天的会议）",
                          "Waiting — no meeting is running (and today has no single meeting)"),
    "clock.waiting_for": ("等待「{title}」开始", "Waiting for “{title}” to start"),
    "clock.waiting_id": ("等待会议 #{id} · 数据库中还没有这个会议", "Waiting for meeting #{id} — it is not in the database yet"),
    "clock.waiting_db": ("等待数据库 {path}", "Waiting for the database {path}"),
    "clock.finished": ("「{title}」已结束", "“{title}” has finished"),
    "clock.empty": ("「{title}」的议程还没有汇报人", "“{title}” has no presenters on its agenda yet"),
    "key.big_clock": ("大时钟", "Big clock"),
    "key.message": ("提示汇报人", "Message presenter"),
    "message.prompt": ("给汇报人的提示（显示在计时器上）· 回车显示 · 留空回车清除 · Esc 取消",
                       "Message to the presenter (shown on the clock) · Enter shows it · empty Enter clears · Esc cancels"),
    "message.shown": ("✉ 提示：{message}", "✉ Message: {message}"),
    "message.sent": ("已发给汇报人：{message}", "Shown to the presenter: {message}"),
    "message.cleared": ("已清除给汇报人的提示", "Message to the presenter cleared"),
    "serve.open": ("在浏览器中打开计时器：", "Open the clock in a browser:"),
    "serve.public": ("⚠ 监听 {host}：同一网络中的任何人都能看到计时器", "⚠ Listening on {host}: anyone on the network can see the clock"),
    "serve.stop": ("按 Ctrl+C 停止", "Press Ctrl+C to stop"),
}
_TEXTS.update(_CLOCK_TEXTS)

# --- zhcli: the command line's messages and --help, export file names and folder (tui.cli, tui.cli_files,
# core.files, the export dialog). Keep this block together; add others' keys in their own blocks.
_CLI_TEXTS: dict[str, tuple[str, str]] = {
    "file.review_tables": ("复盘表", "Review tables"),
    # what the command line prints (tui.cli, tui.cli_files)
    "cli.error": ("错误：{message}", "error: {message}"),
    "cli.version": ("fupan 版本 {version}", "fupan, version {version}"),
    "cli.aborted": ("已中止", "aborted"),
    "cli.not_utf8": ("参数不是 UTF-8 文本（有无法解码的字节）：请检查终端的编码",
                     "an argument is not UTF-8 text (undecodable bytes): check the terminal's encoding"),
    "cli.empty_db": ("路径为空；不写 --db 即使用默认数据库", "an empty path; leave --db out to use the default database"),
    "cli.agenda_from_previous": ("议程沿用上次复盘；请在设置界面修改", "the agenda is the previous review's; change it on the setup screen"),
    "cli.missing_title_goal": ("缺少选项 {option}（或用 --from 会议 从上次复盘开始）",
                               "Missing option '{option}' (or start from a review with --from MEETING)."),
    "cli.title_required": ("复盘会需要标题，例如「华东销售中心 Q3 复盘会」", "a meeting needs a title, e.g. '华东销售中心 Q3 复盘会'"),
    "cli.listed_twice": ("{names} 重复列出", "{names} listed twice"),
    "cli.created": ("{id}\t{title}\t{count} 位汇报人", "{id}\t{title}\t{count} presenters"),
    "cli.created_next": ("{id}\t{title}\t{count} 位汇报人\t{period}", "{id}\t{title}\t{count} presenters\t{period}"),
    "cli.no_meetings": ("还没有复盘会 — 试试 `fupan demo`", "no meetings yet — try `fupan demo`"),
    "cli.demo_created": ("示例会议 {id}：{title}（{path}）", "demo meeting {id}: {title} ({path})"),
    "cli.demo_exists": ("示例会议 {id}：{title}（{path}，已有，未再新建）",
                        "demo meeting {id}: {title} ({path}, already there, not made again)"),
    "cli.cannot_listen": ("无法监听 {host}:{port}：{error}；请换一个 --port 或 --host",
                          "cannot listen on {host}:{port}: {error}; try another --port or --host"),
    "cli.sheet_problems": ("{where} 中有 {count} 个问题；没有写入任何数据", "{count} problem(s) in {where}; nothing was written"),
    "cli.the_sheet": ("表格", "the sheet"),
    "cli.conflict": ("冲突：{conflict}", "conflict: {conflict}"),
    "cli.more_rows": ("… 另有 {count} 行", "… {count} more"),
    "cli.export_progress": ("导出", "export"),
    "export.unknown_format": ("未知格式 {format}：应为 {choices} 之一", "unknown format {format}: expected one of {choices}"),
    "export.unknown_table": ("未知的表 {tables}：应为 {choices} 中的几张", "unknown table {tables}: expected some of {choices}"),
    "export.not_folder": ("{path}：应为文件夹或{what}", "{path}: expected a folder or {what}"),
    "export.a_file": ("一个 {suffix} 文件", "a {suffix} file"),
    "export.csv_files": ("{count} 个 CSV 文件", "{count} CSV files"),
    "export.cannot_write": ("无法写入 {path}：{error}", "cannot write {path}: {error}"),
    "export.folder": ("保存到文件夹（Tab 修改）", "Save to folder (Tab to change it)"),
    "export.folder_empty": ("请填写要保存到的文件夹", "Enter the folder to save to"),
    "export.folder_missing": ("文件夹 {path} 不存在：请填写已有的文件夹；没有写入任何文件",
                              "the folder {path} does not exist: enter an existing one; nothing was written"),
    "export.folder_not_dir": ("{path} 不是文件夹；没有写入任何文件", "{path} is not a folder; nothing was written"),
    "export.folder_unwritable": ("无法在 {path} 中写入文件（{error}）：请换一个文件夹；没有写入任何文件",
                                 "cannot write files in {path} ({error}): choose another folder; nothing was written"),
    "cli.not_found": ("没有编号为 {id} 的{what}；没有任何改动", "no {what} with id {id}; nothing was changed"),
    "thing.meeting": ("会议", "meeting"),
    "thing.slot": ("议程位置", "slot"),
    "thing.action": ("行动", "action"),
    "thing.gap": ("差距", "gap"),
    "thing.root cause": ("根因", "root cause"),
    "thing.lesson": ("经验教训", "lesson"),
    "thing.indicator": ("指标", "indicator"),
    "parse.expected": ("{value}：应为{expected}", "{value}: expected {expected}"),
    "parse.not_utf8": ("不是 UTF-8 文本（有无法解码的字节）：请检查终端的编码",
                       "not UTF-8 text (undecodable bytes): check the terminal's encoding"),
    "parse.too_long": ("太长：{length} 个字符，最多 {limit} 个", "too long: {length} characters, expected at most {limit}"),
    "expected.number": ("数字，如 500、500万、1.2亿、￥1,234 或 76%", "a number such as 500, 500万, 1.2亿, ￥1,234 or 76%"),
    "expected.number_too_large": ("数字，如 500、500万、1.2亿、￥1,234 或 76%（太大：最多 1e30）",
                                  "a number such as 500, 500万, 1.2亿, ￥1,234 or 76% (too large: at most 1e30)"),
    "expected.date": ("日期，如 2026-10-20、2026/10/20、2026年10月20日、10月20日 或 +2w",
                      "a date such as 2026-10-20, 2026/10/20, 2026年10月20日, 10月20日 or +2w"),
    "expected.date_in_range": ("1900 到 2100 年之间的日期，如 2026-10-20、10月20日",
                               "a date such as 2026-10-20, 2026/10/20, 2026年10月20日, 10月20日 or +2w between 1900 "
                               "and 2100"),
    "expected.date_with_year": ("带年份的日期，如 2026-10-20、2026年10月20日",
                                "a date such as 2026-10-20, 2026/10/20, 2026年10月20日, 10月20日 or +2w with a year"),
    "expected.period": ("期间，如 1月、Q1、上半年 或 FY", "a period such as 1月, Q1, 上半年 or FY"),
    "expected.slot_minutes": ("{low} 到 {high} 的整数分钟，如 15 或 15分钟", "whole minutes from {low} to {high}, such as 15 or 15分钟"),
    "expected.presenter": ("姓名 或 姓名:分钟", "NAME or NAME:MINUTES"),
    "expected.slot_minutes_after": ("冒号后为 {low} 到 {high} 的整数分钟，如 15 或 15分钟",
                                    "whole minutes from {low} to {high}, such as 15 or 15分钟 after ':'"),
    "expected.status": ("以下之一：{choices}", "one of {choices}"),
    # --help: the commands, their options and arguments (tui.cli_lang puts them on the click commands)
    "cli.help.fupan": ("fupan 复盘 — 计时的销售复盘会，并跟踪会上定下的行动。\n\n不带命令时，打开复盘会列表。",
                       "fupan 复盘 — run timed sales review meetings and track their actions.\n\n"
                       "With no command, opens the app on the list of meetings."),
    "cli.help.fupan:db": ("数据库文件（默认：$FUPAN_DB，否则为用户数据目录中的 fupan.db）。",
                          "Database file (default: $FUPAN_DB, else the user data dir)."),
    "cli.help.fupan:lang": ("界面和导出的语言（默认：按系统区域设置）。", "Language of the UI and exports (default: locale)."),
    "cli.help.version": ("显示版本号并退出。", "Show the version and exit."),
    "cli.help.help": ("显示本帮助并退出。", "Show this message and exit."),
    "cli.help.late_db": ("数据库文件（也可写在命令之前）。", "Database file (also accepted before the command)."),
    "cli.help.late_lang": ("界面和导出的语言（也可写在命令之前）。",
                           "Language of the UI and exports (also accepted before the command)."),
    "cli.help.fupan.new": ("新建复盘会及其议程，或用 --from 新建某次复盘的下一次复盘。",
                           "Create a meeting with its agenda, or the review after MEETING (--from)."),
    "cli.help.fupan.new:previous_id": ("从这次复盘开始：下一期的标题和期间，议程相同（顺序和时长）。",
                                       "Start from that review: next title and period, same agenda (order and minutes)."),
    "cli.help.fupan.new:title": ("会议标题，如「华东销售中心 Q3 复盘会」（不用 --from 时必填）。",
                                 "Meeting title, e.g. '华东销售中心 Q3 复盘会' (required without --from)."),
    "cli.help.fupan.new:goal": ("具体目标，如「分析Q3销售额未达标原因」（不用 --from 时必填）。",
                                "A specific goal, e.g. '分析Q3销售额未达标原因' (required without --from)."),
    "cli.help.fupan.new:scenario": ("复盘类型（默认：monthly 月度复盘）。", "Why it is held (default: monthly)."),
    "cli.help.fupan.new:period": ("复盘期间，如 2026-Q3、H1。", "Period under review, e.g. 2026-Q3, H1."),
    "cli.help.fupan.new:day": ("会议日期：2026-10-20、10月20日 …（默认：今天）。",
                               "Meeting date: 2026-10-20, 10月20日 … (default: today)."),
    "cli.help.fupan.new:facilitator": ("主持人。", "Who runs the meeting."),
    "cli.help.fupan.new:minutes": ("每位汇报人的默认分钟数（默认：10）。", "Default minutes per presenter (default: 10)."),
    "cli.help.fupan.new:presenters": ("一位汇报人，按议程顺序；可重复。姓名:分钟 设定该位的时长。",
                                      "A presenter, in agenda order; repeat it. NAME:MIN sets that slot's minutes."),
    "cli.help.fupan.meetings": ("列出复盘会，最新的在前。", "List the meetings, newest first."),
    "cli.help.fupan.backup": ("一致地复制数据库（应用运行时也可以），并检查副本。\n\n"
                              "路径是一个新文件或一个文件夹；不写时副本放在数据库旁边"
                              "（fupan.backup-年月日-时分秒.db）。从不覆盖已有文件。",
                              "Copy the database, consistently, also while the app runs; the copy is checked.\n\n"
                              "PATH is a new file or a folder; without it the copy goes next to the database "
                              "(fupan.backup-YYYYMMDD-HHMMSS.db). An existing file is never overwritten."),
    "cli.help.fupan.demo": ("新建一场示例半年度复盘会（5 位汇报人，上月未完成的行动）并打开；已有示例时打开它。",
                            "Create a demo half-year review (5 presenters, last month's open actions) and open it; "
                            "open the one already made if there is one."),
    "cli.help.fupan.demo:no_open": ("只新建示例会议并打印，不打开。", "Only create the demo meeting and print it."),
    "cli.help.fupan.open": ("打开该会议的现场界面；还没有议程时打开其设置。",
                            "Open MEETING's live screen, or its setup when it has no agenda yet."),
    "cli.help.fupan.clock": ("会场计时器，用于投影仪或第二个终端：当前汇报人的倒计时，只读。\n\n"
                             "通过数据库跟随主持人的应用。不写会议时：正在进行的会议，否则今天唯一的会议。",
                             "The room's clock for a projector or a second terminal: the running slot's countdown, "
                             "read-only.\n\nFollows the app running the meeting through the database. Without "
                             "MEETING: the meeting running now, else today's only one."),
    "cli.help.fupan.serve": ("在浏览器中提供会场计时器（同 fupan clock）：汇报人可在笔记本或手机上打开。",
                             "Serve the room's clock (`fupan clock`) to browsers: presenters open it on a laptop or phone."),
    "cli.help.fupan.serve:host": ("监听的地址；0.0.0.0 让同一网络中的任何人都能打开计时器。",
                                  "Address to listen on; 0.0.0.0 lets anyone on the network open the clock."),
    "cli.help.fupan.serve:port": ("监听的端口。", "Port to listen on."),
    "cli.help.fupan.import": ("导入指标表、议程或修改过的行动跟踪表（CSV 或 XLSX）。",
                              "Import an indicator sheet, an agenda or an edited action tracking sheet (CSV or XLSX)."),
    "cli.help.fupan.import.indicators": ("按汇报人、指标和期间导入目标值与实际值（长表或宽表）。全部导入或全不导入。",
                                         "Targets and actuals per presenter, indicator and period (long or wide layout). "
                                         "All or nothing."),
    "cli.help.fupan.import.agenda": ("汇报人、顺序和每位的分钟数。", "Presenters, their order and minutes per slot."),
    "cli.help.fupan.import.actions": ("从修改过的跟踪表读取状态、备注和日期，按行动编号对应。",
                                      "Status, notes and dates from an edited tracking sheet, matched by action id."),
    "cli.help.fupan.import.actions:force": ("表格中的值与导出后在 fupan 中的修改冲突时，以表格为准（先列出冲突）。",
                                            "Apply the sheet's value where it conflicts with a change made in fupan since "
                                            "the export (the conflicts are listed first)."),
    "cli.help.import:sheet": ("要读取的 XLSX 工作表（默认：第一个）。", "XLSX sheet to read (default: the first)."),
    "cli.help.import:dry_run": ("检查并显示将写入的内容；不写入任何数据。", "Check and show what would be written; write nothing."),
    "cli.help.import:meeting_id": ("会议（见 fupan meetings）。", "The meeting (see `fupan meetings`)."),
    "cli.help.fupan.export": ("导出会议的表格或复盘报告。", "Write a meeting's tables or its review report."),
    "cli.help.fupan.export:fmt": ("report 为 Markdown 格式的复盘报告；html 为同一报告的网页。",
                                  "report = 复盘报告 in Markdown; html = the same report as a web page."),
    "cli.help.fupan.export:out": ("文件夹（CSV 每张表一个文件）或文件路径。",
                                  "Directory (CSV: one file per table) or file path."),
    "cli.help.fupan.export:tables": ("只导出其中几张，用逗号分隔：indicators,key_work,root_causes,lessons,actions,"
                                     "catchup,timing,movement,trends,priority。",
                                     "Comma-separated subset: indicators,key_work,root_causes,lessons,actions,catchup,"
                                     "timing,movement,trends,priority."),
    "cli.help.fupan.template": ("写出空白导入模板（指标、议程），CSV 和 XLSX 各一份，含一行示例。",
                                "Write empty import templates (indicators, agenda) as CSV and XLSX with one example row."),
    "cli.help.fupan.template:lang": ("表头的语言（默认：fupan 的 --lang）。", "Language of the headers (default: --lang of fupan)."),
    "cli.help.fupan.template:overwrite": ("替换文件夹中已有的模板（它们可能已填写）。",
                                          "Replace templates already in DIRECTORY (they may be filled in)."),
    "cli.help.fupan.actions": ("列出各次会议的行动（跟踪表），或用 --out 写成文件。",
                               "List actions across meetings (the tracking sheet), or write it with --out."),
    "cli.help.fupan.actions:owner": ("只看此责任人的行动。", "Only this owner's actions."),
    "cli.help.fupan.actions:statuses": ("not_started、in_progress、done、cancelled（或 未开始、进行中 …）；可重复。",
                                        "not_started, in_progress, done, cancelled (or 未开始, 进行中 …); repeatable."),
    "cli.help.fupan.actions:meeting_id": ("只看此会议的行动。", "Only this meeting's actions."),
    "cli.help.fupan.actions:overdue": ("只看已过完成时间的未关闭行动。", "Only open actions past their due date."),
    "cli.help.fupan.actions:due_soon": ("只看今天或天数之内到期的未关闭行动（默认 {days} 天）。",
                                        "Only open actions due today or within DAYS days (default {days})."),
    "cli.help.fupan.actions:out": ("写出跟踪表（.csv、.xlsx 或 .md），而不是列出。",
                                   "Write the tracking sheet (.csv, .xlsx or .md) instead of listing."),
    "cli.help.fupan.actions.update": ("设置行动的状态（not_started、in_progress、done、cancelled，或 未开始 …）并附备注。",
                                      "Set an action's status (not_started, in_progress, done, cancelled, or 未开始 …) "
                                      "with a note."),
    "cli.help.fupan.actions.update:note": ("发生了什么，如「已与客户确认方案」。", "What happened, e.g. '已与客户确认方案'."),
    # metavars: how --help names what an option or argument takes
    "cli.metavar.MEETING": ("会议", "MEETING"),
    "cli.metavar.PATH": ("路径", "PATH"),
    "cli.metavar.FILE": ("文件", "FILE"),
    "cli.metavar.DIRECTORY": ("文件夹", "DIRECTORY"),
    "cli.metavar.TEXT": ("文本", "TEXT"),
    "cli.metavar.INTEGER": ("整数", "INTEGER"),
    "cli.metavar.INTEGER RANGE": ("整数", "INTEGER RANGE"),
    "cli.metavar.ID": ("编号", "ID"),
    "cli.metavar.STATUS": ("状态", "STATUS"),
    "cli.metavar.KEYS": ("表", "KEYS"),
    "cli.metavar.[DAYS]": ("[天数]", "[DAYS]"),
    "cli.metavar.DATE": ("日期", "DATE"),
    "cli.metavar.NAME": ("名称", "NAME"),
    "cli.metavar.NAME[:MIN]": ("姓名[:分钟]", "NAME[:MIN]"),
    "cli.metavar.MINUTES": ("分钟数", "MINUTES"),
    "cli.metavar.[OPTIONS]": ("[选项]", "[OPTIONS]"),
    "cli.metavar.COMMAND [ARGS]...": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "cli.metavar.[COMMAND] [ARGS]...": ("[命令] [参数]...", "[COMMAND] [ARGS]..."),
}
_TEXTS.update(_CLI_TEXTS)

# The returned tracking sheet (exports.returned: `fupan import actions`) — owned by the sheets work.
_RETURNED_TEXTS: dict[str, tuple[str, str]] = {
    "origin": ("fupan导出值（勿改）", "fupan export (do not edit)"),
    # A problem in a sheet, located as the user sees it: "a.csv，第 3 行，完成时间列：“下周”，应为 日期…"
    "problem.row": ("第 {row} 行", "row {row}"),
    "problem.column": ("{column}列", "column {column}"),
    "problem.sep": ("，", ", "),
    "problem.value": ("：“{value}”，应为 {expected}", ": {value} expected {expected}"),
    "problem.no_value": ("：应为 {expected}", ": expected {expected}"),
    "returned.status_expected": ("未开始、进行中、已完成或已取消（也可写 完成、取消、done 等）",
                                 "not started, in progress, done or cancelled (完成, 取消, done … are read too)"),
    "returned.date_expected": ("日期，例如 2026-10-20、2026/10/20、2026年10月20日、10月20日 或 +2w",
                               "a date such as 2026-10-20, 2026/10/20, 2026年10月20日, 10月20日 or +2w"),
    "returned.date_range": ("1900 至 2100 年之间的日期", "a date between 1900 and 2100"),
    "returned.due_after_start": ("不早于开始时间（{start}）的完成时间", "a due date on or after the start ({start})"),
    "returned.origin_expected": ("导出时写入的值：请勿修改此列（可删除整行）",
                                 "the value fupan exported: leave this column as it is (a whole row may be deleted)"),
    "returned.origin_other_row": ("编号 {id} 那一行导出的值：此行的编号被改过（请改回 {id}，或删除此行）",
                                  "the value exported with the row of action {id}: this row's ID was changed "
                                  "(change it back to {id}, or delete the row)"),
    "returned.id_expected": ("导出时的行动编号，例如 12", "an action ID as exported (编号 / ID), such as 12"),
    "returned.id_unknown": ("已有行动的编号", "the id of an existing action"),
    "returned.id_twice": ("每个行动一行（第 {row} 行也是它）", "each action once (also on row {row})"),
    "returned.id_missing": ("行动编号：此行填了状态、日期或备注却没有编号（不导入某行请删除该行）",
                            "an action ID: this row has a status, date or note but no ID (to leave a row out, "
                            "delete it)"),
    "returned.change": ("#{id} {field}：{old} → {new}", "#{id} {field}: {old} → {new}"),
    "returned.conflict": ("冲突 #{id} {measure}：{field} 导出时为 {exported}，此后在 fupan 中改为 {current}，表格中为 {sheet}",
                          "conflict #{id} {measure}: {field} was {exported} when exported, has been {current} "
                          "in fupan since, and is {sheet} in the sheet"),
    "returned.stale": ("冲突 #{id} {measure}：导出后在 fupan 中有更新（{update}）；表格中的修改：{changes}",
                       "conflict #{id} {measure}: updated in fupan since the export ({update}); the sheet changes: "
                       "{changes}"),
    "returned.summary": ("{file}：{verb} {changes} 项修改（{actions} 个行动）；{conflicts} 处冲突",
                         "{file}: {verb} {changes} changes to {actions} actions; {conflicts} conflicts"),
    "returned.applied": ("已应用", "applied"),
    "returned.would_apply": ("将应用", "would apply"),
    "returned.not_applied": ("未应用", "not applied"),
    "returned.ignored": ("；未导入（只导入状态、日期和备注）：{columns}",
                         "; not imported (only status, dates and notes are): {columns}"),
    "returned.ignored_column": ("{header}（{rows} 行）", "{header} ({rows} row{s})"),
    "returned.no_origin": ("表格没有「{origin}」列：修改按 fupan 当前的数据比较，导出后在 fupan 中的修改可能被覆盖",
                           "the sheet has no '{origin}' column: edits are compared with fupan as it is now, so a change "
                           "made in fupan since the export may be overwritten"),
    "returned.conflicts_stop": ("{count} 处冲突：没有写入任何内容。核对后用 --force 以表格为准应用全部修改",
                                "{count} conflict(s): nothing was written. Check them, then --force applies every "
                                "change with the sheet's value winning"),
    "returned.forced": ("{count} 处冲突已按表格应用（--force）", "{count} conflict(s) applied with the sheet's value (--force)"),
    "returned.none": ("空", "blank"),
}
_TEXTS.update(_RETURNED_TEXTS)

# click's own words (usage, its errors, its help sections), by click's English message: click asks for
# them through gettext, and tui.cli_lang answers from here. English is the message itself.
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Aborted!": "已中止！",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Invalid value: {message}": "无效的值：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Possible options: {possibilities})": "（可用的选项：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出{range}。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值。可用：{states}",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Value must be an iterable.": "值必须是一组。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
}


# --- Textual's own words, and the words around them (zhui, issue 14) ---------------------------------
# The footer, the F1 keys panel, the command palette and the dialogs show words that Textual itself
# writes; on a Chinese UI they are Chinese too.
_SHELL_TEXTS: dict[str, tuple[str, str]] = {
    "key.palette": ("命令", "palette"),
    "key.palette_tooltip": ("打开命令面板", "Open the command palette"),
    "key.close": ("关闭", "Close"),
    "palette.placeholder": ("搜索命令…", "Search for commands…"),
    "palette.no_matches": ("没有匹配的命令", "No matches found"),
    "palette.theme": ("主题", "Theme"),
    "palette.theme_help": ("更换界面配色", "Change the current theme"),
    "palette.theme_placeholder": ("搜索主题…", "Search for themes…"),
    "palette.quit": ("退出", "Quit"),
    "palette.quit_help": ("立即退出程序（已保存的内容都在数据库中）", "Quit the application as soon as possible"),
    "palette.keys": ("按键", "Keys"),
    "palette.keys_show": ("显示当前控件的帮助和所有可用按键", "Show help for the focused widget and a summary of available keys"),
    "palette.keys_hide": ("隐藏按键和帮助面板", "Hide the keys and widget help panel"),
    "palette.maximize": ("最大化", "Maximize"),
    "palette.maximize_help": ("最大化当前控件", "Maximize the focused widget"),
    "palette.minimize": ("还原", "Minimize"),
    "palette.minimize_help": ("还原控件大小", "Minimize the widget and restore to normal size"),
    "palette.screenshot": ("截图", "Screenshot"),
    "palette.screenshot_help": ("把当前屏幕保存为 SVG 图片", "Save an SVG 'screenshot' of the current screen"),
    "quit.how": ("按 {key} 退出程序", "Press {key} to quit the app"),
    "quit.title": ("要退出吗？", "Do you want to quit?"),
    "keys.input_group": ("输入框", "Input"),
    "keys.collapsible_group": ("折叠面板", "Collapsible"),
    "ui.confirm_yes": ("是", "Yes"),
    "ui.confirm_no": ("否", "No"),
    "key.leave_field": ("离开输入框", "Leave field"),
    # the live screen's tabs when the whole labels do not fit
    "tab_short.indicators": ("指标", "Ind"),
    "tab_short.key_work": ("工作", "Work"),
    "tab_short.root_causes": ("根因", "Root"),
    "tab_short.actions": ("行动", "Act"),
    "tab_short.lessons": ("经验", "Learn"),
    "tab_short.catch_up": ("追赶", "Catch"),
    "tab_short.previous_actions": ("上次", "Prev"),
    "export.format.xlsx": ("Excel 表格（全部表）", "Excel workbook (all tables)"),
    "export.format.csv": ("CSV 表格（每表一个文件）", "CSV files (one per table)"),
    "export.format.md": ("Markdown 表格", "Markdown tables"),
    "export.format.report": ("复盘报告（Markdown）", "Review report (Markdown)"),
    "export.format.html": ("复盘报告（网页）", "Review report (HTML)"),
}
_TEXTS.update(_SHELL_TEXTS)

# Descriptions Textual's built-in widgets give their keys (shown in the F1 keys panel), by their English
# text: a binding of Textual's is translated through this table (`textual_text`).
# tests/test_i18n_keys.py fails when a Textual upgrade brings a description this table lacks.
_TEXTUAL_WORDS: dict[str, str] = {
    "Bottom": "到底部", "Top": "到顶部", "Home": "行首", "End": "行尾",
    "Copy": "复制", "Copy selected text": "复制选中文字", "Cut": "剪切", "Cut selected text": "剪切选中文字",
    "Paste": "粘贴", "Paste text from the clipboard": "从剪贴板粘贴", "Undo": "撤销", "Redo": "重做",
    "Cursor Down": "光标下移", "Cursor Up": "光标上移", "Cursor down": "光标下移", "Cursor up": "光标上移",
    "Cursor left": "光标左移", "Cursor right": "光标右移",
    "Cursor down select": "向下选择", "Cursor up select": "向上选择",
    "Cursor left select": "向左选择", "Cursor right select": "向右选择",
    "Cursor left word select": "向左选择一词", "Cursor right word select": "向右选择一词",
    "Cursor line end": "到行尾", "Cursor line start": "到行首",
    "Cursor line end select": "选择到行尾", "Cursor line start select": "选择到行首",
    "Cursor page down": "向下翻页", "Cursor page up": "向上翻页",
    "Cursor word left": "左移一词", "Cursor word right": "右移一词",
    "Cursor to next ancestor": "到上级的下一项", "Cursor to next sibling": "到下一个同级",
    "Cursor to parent": "到上级", "Cursor to previous sibling": "到上一个同级",
    "Delete all to the left": "删除左侧全部", "Delete all to the right": "删除右侧全部",
    "Delete character left": "删除左侧字符", "Delete character right": "删除右侧字符",
    "Delete left to start of word": "向左删除一词", "Delete right to start of word": "向右删除一词",
    "Delete line": "删除整行", "Delete to line end": "删除到行尾", "Delete to line start": "删除到行首",
    "Dismiss menu": "关闭菜单", "Show menu": "打开菜单",
    "Down": "下移", "Up": "上移", "First": "第一项", "Last": "最后一项",
    "Exit the command palette": "关闭命令面板", "Next command": "下一条命令", "Previous command": "上一条命令",
    "Go to bottom": "到底部", "Go to top": "到顶部", "Next page": "下一页", "Previous page": "上一页",
    "Expand or collapse all": "全部展开/折叠",
    "Focus Next": "下一个控件", "Focus Previous": "上一个控件",
    "Go to end": "到末尾", "Go to start": "到开头",
    "Move cursor left": "光标左移", "Move cursor left a word": "左移一词",
    "Move cursor left a word and select": "向左选择一词", "Move cursor left and select": "向左选择",
    "Move cursor right a word": "右移一词", "Move cursor right a word and select": "向右选择一词",
    "Move cursor right and select": "向右选择",
    "Move cursor right or accept the completion suggestion": "光标右移或接受补全建议",
    "Next option": "下一个选项", "Previous option": "上一个选项",
    "Next tab": "下一个标签", "Previous tab": "上一个标签",
    "Open link": "打开链接", "Press button": "按下按钮",
    "Page Down": "向下翻页", "Page Up": "向上翻页", "Page Left": "向左翻页", "Page Right": "向右翻页",
    "Page down": "向下翻页", "Page up": "向上翻页",
    "Quit": "退出",
    "Scroll Down": "向下滚动", "Scroll Up": "向上滚动", "Scroll Left": "向左滚动", "Scroll Right": "向右滚动",
    "Scroll End": "滚动到底", "Scroll Home": "滚动到顶",
    "Select": "选择", "Select all": "全选", "Select line": "选择整行",
    "Select line end": "选择到行尾", "Select line start": "选择到行首",
    "Submit": "提交", "Toggle": "切换", "Toggle option": "切换选项",
    "palette": "命令",
    "Open the command palette": "打开命令面板",
}


def has_text(key: str) -> bool:
    """Whether ``key`` is a key of the catalog (a description that is already words is not)."""
    return key in _TEXTS


def is_textual_word(english: str) -> bool:
    """Whether ``english`` is one of Textual's own words this catalog translates."""
    return english in _TEXTUAL_WORDS


def textual_text(english: str, lang: Lang) -> str:
    """One of Textual's own words (a built-in key's description) in ``lang``; unknown ones unchanged."""
    if lang == "en":
        return english
    return _TEXTUAL_WORDS.get(english, english)

# --- house: the user's keymap file (tui.keys) -------------------------------------------------------------
_KEYMAP_TEXTS: dict[str, tuple[str, str]] = {
    "ui.keymap_not_used": ("按键配置未使用（沿用默认按键）：{path}：{error}",
                        "Keymap not used (the default keys stay): {path}: {error}"),
    "ui.keymap_expected": ('应为按键，例如 "ctrl+right" 或 ["f4", "ctrl+n"]',
                        'expected keys such as "ctrl+right" or ["f4", "ctrl+n"]'),
}
_TEXTS.update(_KEYMAP_TEXTS)

# --- lead: what an indicator or agenda import wrote (fupan import …) -----------------------------------------
_IMPORT_SUMMARY_TEXTS: dict[str, tuple[str, str]] = {
    "import.indicators_summary": ("{file}：{verb}指标 新增 {indicators_new} 个、更新 {indicators_updated} 个；"
                                  "数值 新增 {values_new} 个、更新 {values_updated} 个",
                                  "{file}: {verb} {indicators_new} new and {indicators_updated} updated "
                                  "indicators, {values_new} new and {values_updated} updated values"),
    "import.would_write": ("将写入", "would write"),
    "import.wrote": ("已写入", "wrote"),
    "import.values_unchanged": ("（{count} 个数值与已存的相同，未改动）",
                                " ({count} values already as stored, unchanged)"),
    "import.rolled_up": ("；{count} 行季度、半年或年度数值未存：它们由 fupan 从各月算出",
                         "; {count} rows for a quarter, half-year or year not stored: they are what "
                         "fupan computes from the months"),
    "import.agenda_summary": ("{file}：{verb} {added} 位汇报人，更新 {updated} 位；议程：{agenda}",
                              "{file}: {verb} {added} presenters, updated {updated}; agenda: {agenda}"),
    "import.would_add": ("将新增", "would add"),
    "import.added": ("新增", "added"),
}
_TEXTS.update(_IMPORT_SUMMARY_TEXTS)

def label(value: Enum | str | None, lang: Lang) -> str:
    """The display label of an enum value (or its stored string) in ``lang``; "" for None."""
    if value is None:
        return ""
    key = value.value if isinstance(value, Enum) else value
    pair = _ENUM_LABELS.get(key)
    if pair is None:
        return str(key)
    return pair[0] if lang == "zh" else pair[1]


_MISSING: set[str] = set()


def missing_keys() -> set[str]:
    """Keys `text` was asked for and did not know, since the set was last cleared (the tests read it)."""
    return _MISSING


def text(key: str, lang: Lang) -> str:
    """A UI word or export header in ``lang``; an unknown key is returned as is, so gaps show up (and it
    is recorded in `missing_keys`, which the tests check after showing every screen)."""
    pair = _TEXTS.get(key)
    if pair is None:
        _MISSING.add(key)
        return key
    return pair[0] if lang == "zh" else pair[1]


def parse_label(enum: type[Enum], typed: str) -> Enum:
    """An enum member from its stored value or its label in either language (for imports and forms)."""
    wanted = typed.strip().lower()
    for member in enum:  # type: ignore[var-annotated]
        names = {member.value.lower(), *(label(member, lang).lower() for lang in LANGS)}
        zh = label(member, "zh")
        names.add(zh.split("(")[0].lower())
        if wanted in names:
            return member
    choices = ", ".join(f"{label(m, 'zh')}/{m.value}" for m in enum)  # type: ignore[var-annotated]
    raise ValueError(f"{typed!r}: expected one of {choices}")


def status_text(status: ActionStatus, overdue: bool, lang: Lang) -> str:
    """当前状态 as "进行中 (逾期)": the stored status, with the derived overdue after it so it reads the
    same on the tracking screen, the previous-actions tab and in every export, colour or not. The
    tracking-sheet import reads the status back from before the bracket."""
    shown = label(status, lang)
    return f"{shown} ({label('overdue', lang)})" if overdue else shown


def update_text(update: ActionUpdate | None, lang: Lang) -> str:
    """最近更新 as "2026-11-03 进行中：note": the tracking screen, the exports and `import actions` (which
    compares it to spot edits made meanwhile) all show an action's latest update this way."""
    if update is None:
        return ""
    note = f"：{update.note}" if lang == "zh" else f": {update.note}"
    return f"{update.at:%Y-%m-%d} {label(update.status, lang)}{note if update.note else ''}"


# Drafts of status notes (issue 10: drafts; tui.widgets.notes) — the drafts engineer's block.
_DRAFT_TEXTS: dict[str, tuple[str, str]] = {
    "note_draft_mark": ("✎ 未保存草稿 · 回车保存 · Ctrl+D 丢弃（先确认）",
                        "✎ Unsaved draft · Enter saves · Ctrl+D discards (asks first)"),
    "discard_note_question": ("丢弃这条未保存的备注？", "Discard this unsaved note?"),
    "status_note_draft": ("状态备注 #{id}", "Status note #{id}"),
}
_TEXTS.update(_DRAFT_TEXTS)

# --- zh (issue 14 rest): click's ranges in words, full texts under cut ones ----------------------------------
_ZH_REST_TEXTS: dict[str, tuple[str, str]] = {
    "cli.range": ("范围：{range}", "{range}"),
    "cli.range.between": ("{min}–{max}", "{min}<=x<={max}"),
    "cli.range.at_least": ("≥{min}", "x>={min}"),
    "cli.range.above": (">{min}", "x>{min}"),
    "cli.range.at_most": ("≤{max}", "x<={max}"),
    "cli.range.below": ("<{max}", "x<{max}"),
    "expected.existing_file": ("已存在的文件", "an existing file"),
    "expected.not_xls": (".xlsx 或 .csv 文件（请把旧的 .xls 另存为 .xlsx 或 CSV）",
                         "a .xlsx or .csv file (save the old .xls as .xlsx or CSV)"),
    "expected.sheet_file": (".csv 或 .xlsx 文件", "a .csv or .xlsx file"),
    "expected.no_sheet_for_csv": ("不指定工作表：CSV 文件只有一个工作表", "no sheet name: a CSV file has one sheet"),
    "expected.not_empty": ("表头行和数据：文件是空的", "a header row and data: the file is empty"),
    "expected.a_presenter": ("表头下至少一位汇报人", "at least one presenter under the header"),
    "expected.a_value": ("表头下至少一个数值", "at least one value under the header"),
    # the live indicators table's headings on a screen too narrow for the whole ones (tui.widgets.review)
    "indicator.short": ("指标", "Indicator"),
    "achievement.short": ("达成率", "Rate"),
}
_TEXTS.update(_ZH_REST_TEXTS)

# A sheet's problems worded with values (core.parse.Expected; exports.reading, layouts, indicators) — lead.
_SHEET_EXPECTED_TEXTS: dict[str, tuple[str, str]] = {
    "expected.header_row": ("前 {rows} 行中的表头行，含 {examples} 等列",
                            "a header row in the first {rows} rows, with columns such as {examples}"),
    "expected.readable_xlsx": ("可读的 .xlsx 文件（{error}）", "a readable .xlsx file ({error})"),
    "expected.sheet_name": ("工作表名，以下之一：{names}", "a sheet name, one of: {names}"),
    "expected.cell_limit": ("每格最多 {limit} 个字符（本行起有一格超过 {limit} 个字符——引号没有闭合？）",
                            "cells of at most {limit} characters (a cell longer than {limit} characters starts "
                            "on this row — an unclosed quote?)"),
    "expected.csv_row": ("可读的 CSV 行（{error}）", "a readable CSV row ({error})"),
    "expected.one_layout": ("每个工作表只用一种格式：期间列加目标值/实际值，或每期一列（1月目标、1月实际 …），不能两种都有",
                            "one layout per sheet: a 期间 column with 目标值/实际值, or one column per period "
                            "(1月目标, 1月实际 …), not both"),
    "expected.one_column_per_period": ("每期每项只要一列，但 {other} 列也是同一期同一项",
                                       "one column per period and field, but column {other} is for the same"),
}
_TEXTS.update(_SHEET_EXPECTED_TEXTS)

# Tracking screen (issue 17: loads off the UI thread; tui.screens.tracking) — the track engineer's block.
_TRACKING_TEXTS: dict[str, tuple[str, str]] = {
    "ui.tracking_loading": ("正在读取行动…", "Reading the actions…"),
}
_TEXTS.update(_TRACKING_TEXTS)
