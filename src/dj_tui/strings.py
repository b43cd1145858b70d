"""Every word the dashboard shows, in Simplified Chinese (the default) and English.

One table per language, keyed by message id; ``text(id, **fields)`` gives a
message in the current language with its named fields filled in. The
dashboard sets the language once, from ``[ui] language`` or ``--lang``
(``set_language``). The module imports nothing of dj-tui or Textual, so that
the key registry (``keymap``) and the config's validation can use it too.

What the analysis writes (error reasons, warnings, why a figure ranks where
it does) is not here: ``summarize`` prints it in English for scripts, and the
dashboard shows it as it is, around chrome from these tables.
"""

from __future__ import annotations

ZH = "zh"
EN = "en"
LANGUAGES = (ZH, EN)

_ZH: dict[str, str] = {
    # The key bindings (keymap ids), in the footer and the help.
    "key.search": "搜索",
    "key.back": "返回",
    "key.copy": "复制",
    "key.export": "导出",
    "key.refresh": "继续或重新分析",
    "key.command_palette": "命令",
    "key.help": "帮助",
    "key.quit": "退出",
    "key.next_tab": "下一个标签页",
    "key.previous_tab": "上一个标签页",
    "key.tab": "第 {number} 个标签页",
    "key.next_match": "下一处匹配",
    "key.previous_match": "上一处匹配",
    "key.toggle_text": "只看全文",
    "key.figure_reasons": "每个数据为何排在此处",
    "key.open_report": "打开报告",
    "key.cursor_up": "上移",
    "key.cursor_down": "下移",
    "key.page_up": "上一页",
    "key.page_down": "下一页",
    "key.first_report": "第一篇报告",
    "key.last_report": "最后一篇报告",
    "key.report_page_down": "报告向下翻页",
    "key.report_page_up": "报告向上翻页",
    "key.search_page_down": "报告向下翻页",
    "key.search_page_up": "报告向上翻页",
    "key.report_top": "报告开头",
    "key.report_end": "报告末尾",
    "key.next_section": "下一部分",
    "key.previous_section": "上一部分",
    "key.close_help": "关闭帮助",
    "key.close_export": "关闭导出窗口",
    "key.sort": "切换排序方式",
    "key.date_filter": "按日期筛选报告",
    "key.close_filter": "不改筛选，关闭",
    "key.pick_region": "跳转到地区",
    "key.picker_up": "上一个地区",
    "key.picker_down": "下一个地区",
    "key.close_picker": "关闭地区选择",
    # Where a binding applies (keymap scopes).
    "scope.app": "全局",
    "scope.report_table": "报告列表",
    "scope.report": "打开的报告",
    "scope.search_box": "搜索框",
    "scope.help": "帮助页",
    "scope.export": "导出窗口",
    "scope.date_filter": "日期筛选",
    "scope.region_picker": "地区选择",
    # The help screen (F1).
    "help.title": "按键",
    "help.close": "按 {keys} 关闭",
    "help.keys": "按键",
    "help.does": "作用",
    "help.id": "编号",
    "help.where": "范围",
    "help.intro": (
        '在 config.toml 的 [keymap] 下按编号改键，例如 copy = "y"。'
        "Tab 和 shift+Tab 在列表间移动焦点；在报告中，对摘要句或数据按 Enter，全文即滚动到该处。"
        "报告列表的“数据项”一栏是该报告中找到的数据（数字连同单位）的条数。"
    ),
    # The status line (ui.status: 35 cells while analysing, 56 after; keep it short).
    "status.analysing": "分析中 {done}/{total} · Esc 取消",
    "status.analysing_found": "分析中 {done}/{total}",
    "status.collection": "报告 {reports} · 地区 {regions}",
    "status.cancelled_at": "已取消 {done}/{total}",
    "status.failed": "{rest} · 失败 {failed}",
    "status.found": "命中 {found} · {rest}",
    "status.cancelling": "正在取消…",
    "status.match": "第 {current}/{total} 处匹配",
    # Toasts.
    "toast.cancelled": "分析已取消：已读 {done}/{total} 个文件；按 r 继续。",
    "toast.analysing": "正在分析：完成后再按 r 可重新分析。",
    "toast.unreadable": "{count} 个文件未能读取：见“错误”标签页。",
    "toast.no_match": "本报告中没有匹配。",
    "toast.copied": "已将{what}（{lines} 行）经终端剪贴板（OSC 52）发出；终端不支持时收不到。按 e 导出文件更可靠。",
    "toast.copied_tmux": (
        "已将{what}（{lines} 行）经终端剪贴板（OSC 52）发出；在 tmux 中需先设 set-clipboard on。按 e 导出文件更可靠。"
    ),
    "toast.exported": "已保存：{path}",
    "toast.export_failed": "未能保存 {path}：{reason}",
    "toast.export_refused": (
        "不写入 {dir}：它在正被分析的数据 {given} 中，dj-tui 只读取数据。请在 config.toml 的 [export] dir 另设目录。"
    ),
    # The export window (e).
    "export.title": "导出{what}",
    "export.report": "本篇报告",
    "export.region": "{region}",
    "export.collection": "全部地区",
    "export.docx": "Word 简报（.docx）",
    "export.markdown": "Markdown 文本（.md）",
    "export.csv": "CSV 数据表（.csv，每个数据一行）",
    "export.where": "保存到 {dir}",
    "export.keys": "Enter 保存 · {close} 取消",
    "export.permission_denied": "没有写入权限",
    "export.read_only": "只读的文件系统",
    "export.disk_full": "磁盘已满",
    "copy.report": "本篇报告的摘要",
    "copy.region": "{region}的简报",
    "copy.collection": "各地区的简报",
    # The search box.
    "search.placeholder": "搜索（ctrl+f 或 /）",
    # Tabs.
    "tab.overview": "总览",
    "tab.errors": "错误 {count}",
    # The 总览 tab.
    "overview.reading": "正在读取 {paths} 中的报告…",
    "overview.data_dirs": "数据目录",
    "overview.empty": "{paths} 中没有报告。请指定目录（dj-tui 目录），或在 config.toml 的 [data] dirs 中设置。",
    "overview.cancelled": "分析在读到任何报告之前已取消。",
    "overview.region": "地区",
    "overview.reports": "报告",
    "overview.keywords": "关键词",
    "overview.figures": "数据",
    "overview.one_region": "目前只有一个地区，无从跨地区比较。",
    "overview.shared": "多地共有",
    "overview.region_count": "（地区数）",
    "overview.own": "各地独有",
    "overview.initiatives": "举措",
    "overview.matching": "匹配",
    # The search results (总览, while a search is shown).
    "results.header": "含“{query}”的报告 {count} 篇，分属 {regions} 个地区 · Enter 打开",
    "results.none": "没有报告包含“{query}”",
    # A region's tab and its report list.
    "region.keywords": "关键词：",
    "region.no_match": "{region}没有报告包含“{query}”",
    "table.title": "标题",
    "table.place": "地区",
    "table.date": "日期",
    "table.figures": "数据项",
    "region.period": "{period} · {reports} 篇",
    "region.no_dates": "{reports} 篇，均无日期",
    "region.empty": "{reports} 篇",
    "region.undated": "，{undated} 篇无日期",
    "region.filtered": " · 筛选 {since} 至 {until}",
    "region.set_aside": "，另有 {undated} 篇无日期未列入",
    "region.none_in_filter": "{region}没有日期在筛选范围内的报告（按 d 修改筛选）",
    "status.filtered": "筛选 · {rest}",
    "status.set_aside": "{rest} · 无日期 {undated}",
    # The date filter (d).
    "dates.title": "按日期筛选（Esc 取消）",
    "dates.since": "起（含）",
    "dates.until": "止（含）",
    "dates.hint": "写 2024、2024-07 或 2024-07-01；留空即不限。无日期的报告在筛选时不列入，只计数。",
    "dates.apply": "筛选",
    "dates.clear": "清除筛选",
    "dates.invalid": "{field}：{value} 不是日期（应写 2024、2024-07 或 2024-07-01）",
    "dates.reversed": "起始日期晚于截止日期",
    # The open report.
    "detail.summary": "摘要",
    "detail.figures": "数据",
    "detail.text": "全文",
    "detail.keywords": "关键词：",
    "detail.region": "地区：",
    "detail.unknown_region": "未识别",
    "detail.evidence": "依据：",
    "level.province": "省级",
    "level.city": "市级",
    "level.county": "县级",
    "level.national": "全国",
    # The 错误 tab.
    "errors.unreadable": "{count} 个文件未能读取：",
    # The command palette (ctrl+p).
    "palette.placeholder": "搜索命令…",
    "palette.copy_summary": "复制摘要",
    "palette.copy_summary_help": "复制所打开报告的摘要",
    "palette.toggle_text": "切换全文",
    "palette.toggle_text_help": "只显示报告全文，或显示全部内容",
    "palette.copy_region": "复制地区简报",
    "palette.copy_region_help": "复制{region}的简报",
    "palette.copy_collection": "复制全部简报",
    "palette.copy_collection_help": "复制各地区的简报",
    "palette.search": "搜索报告",
    "palette.search_help": "各标签页只留下含有所输入文字的报告",
    "palette.cancel": "取消分析",
    "palette.cancel_help": "停止分析，保留已读完的报告",
    "palette.export": "导出文件",
    "palette.export_help": "将{what}保存为文件：简报或数据表",
    "palette.refresh": "重新分析",
    "palette.refresh_help": "读入新增或改动的文件，去掉已删除的",
    "palette.resume": "继续分析",
    "palette.resume_help": "接着分析取消时未读的文件",
    "palette.help": "帮助",
    "palette.help_help": "列出所有按键及其编号",
    "palette.quit": "退出",
    "palette.quit_help": "关闭仪表盘",
    "palette.region": "切换地区：{region}",
    "palette.region_help": "{count} 篇报告",
    "palette.report": "打开报告：{title}",
    "palette.pick_region": "跳转到地区…",
    "palette.pick_region_help": "输入名称，在所有地区中选择",
    # The region picker (g).
    "picker.title": "跳转到地区（Enter 跳转，Esc 关闭）",
    "picker.placeholder": "输入地区名称…",
    "picker.count": "{count} 篇",
    "picker.no_match": "没有名称含“{query}”的地区",
    "picker.no_regions": "还没有地区",
}

_EN: dict[str, str] = {
    "key.search": "Search",
    "key.back": "Back",
    "key.copy": "Copy",
    "key.export": "Export",
    "key.refresh": "Resume or analyse again",
    "key.command_palette": "Commands",
    "key.help": "Help",
    "key.quit": "Quit",
    "key.next_tab": "Next tab",
    "key.previous_tab": "Previous tab",
    "key.tab": "Tab {number}",
    "key.next_match": "Next match",
    "key.previous_match": "Previous match",
    "key.toggle_text": "Full text only",
    "key.figure_reasons": "Why each figure ranks so",
    "key.open_report": "Open report",
    "key.cursor_up": "Up",
    "key.cursor_down": "Down",
    "key.page_up": "Page up",
    "key.page_down": "Page down",
    "key.first_report": "First report",
    "key.last_report": "Last report",
    "key.report_page_down": "Report: page down",
    "key.report_page_up": "Report: page up",
    "key.search_page_down": "Report: page down",
    "key.search_page_up": "Report: page up",
    "key.report_top": "Report: top",
    "key.report_end": "Report: end",
    "key.next_section": "Next section",
    "key.previous_section": "Previous section",
    "key.close_help": "Close help",
    "key.close_export": "Close the export window",
    "key.sort": "Change the sort order",
    "key.date_filter": "Filter reports by date",
    "key.close_filter": "Close, filter unchanged",
    "key.pick_region": "Jump to region",
    "key.picker_up": "Previous region",
    "key.picker_down": "Next region",
    "key.close_picker": "Close the region picker",
    "scope.app": "everywhere",
    "scope.report_table": "report list",
    "scope.report": "open report",
    "scope.search_box": "search box",
    "scope.help": "help screen",
    "scope.region_picker": "region picker",
    "scope.date_filter": "date filter",
    "scope.export": "export window",
    "help.title": "Keys",
    "help.close": "{keys} closes",
    "help.keys": "Keys",
    "help.does": "Does",
    "help.id": "Id",
    "help.where": "Where",
    "help.intro": (
        'Rebind a key by its id in config.toml, e.g. copy = "y" under [keymap]. '
        "Tab and shift+Tab move between lists; in a report, Enter on a summary sentence "
        "or a figure scrolls the full text to it. "
        "The report list's Figures column counts the figures (a number with its unit) found in each report."
    ),
    "status.analysing": "Analysing {done}/{total} · Esc cancels",
    "status.analysing_found": "Analysing {done}/{total}",
    "status.collection": "{reports} reports · {regions} regions",
    "status.cancelled_at": "Cancelled at {done}/{total}",
    "status.failed": "{rest} · {failed} failed",
    "status.found": "{found} found · {rest}",
    "status.cancelling": "Cancelling…",
    "status.match": "Match {current}/{total}",
    "toast.cancelled": "Analysis cancelled after {done} of {total} files; r resumes it.",
    "toast.analysing": "Still analysing: r analyses again once it has finished.",
    "toast.unreadable": "{count} file(s) could not be read: see the Errors tab.",
    "toast.no_match": "No match in this report.",
    "toast.copied": (
        "Sent {what} ({lines} lines of Markdown) to the terminal's clipboard (OSC 52);"
        " a terminal without it receives nothing. e exports a file, which surely arrives."
    ),
    "toast.copied_tmux": (
        "Sent {what} ({lines} lines of Markdown) to the terminal's clipboard (OSC 52);"
        " inside tmux it needs set-clipboard on. e exports a file, which surely arrives."
    ),
    "toast.exported": "Saved {path}",
    "toast.export_failed": "Could not save {path}: {reason}",
    "toast.export_refused": (
        "Will not write into {dir}: it is in {given}, data dj-tui analyses and only reads."
        " Set another [export] dir in config.toml."
    ),
    "export.title": "Export {what}",
    "export.report": "this report",
    "export.region": "{region}",
    "export.collection": "every region",
    "export.docx": "Word briefing (.docx)",
    "export.markdown": "Markdown (.md)",
    "export.csv": "CSV (.csv, one row per figure)",
    "export.where": "Saved to {dir}",
    "export.keys": "Enter saves · {close} cancels",
    "export.permission_denied": "permission denied",
    "export.read_only": "read-only file system",
    "export.disk_full": "disk full",
    "copy.report": "the report's summary",
    "copy.region": "the brief of {region}",
    "copy.collection": "the briefing of all regions",
    "search.placeholder": "Search (ctrl+f or /)",
    "tab.overview": "Overview",
    "tab.errors": "Errors {count}",
    "overview.reading": "Reading reports in {paths}…",
    "overview.data_dirs": "the data dirs",
    "overview.empty": "No reports in {paths} — pass a directory: dj-tui PATH, or set [data] dirs in config.toml",
    "overview.cancelled": "Analysis cancelled before any report was read.",
    "overview.region": "Region",
    "overview.reports": "#",  # four cells wide
    "overview.keywords": "Keyphrases",
    "overview.figures": "Figures",
    "overview.one_region": "Only one region so far: nothing to compare across regions.",
    "overview.shared": "Shared",
    "overview.region_count": "(regions)",
    "overview.own": "Own",
    "overview.initiatives": "Initiatives",
    "overview.matching": "Hits",  # four cells wide
    "results.header": "{count} reports in {regions} regions contain “{query}” · Enter opens",
    "results.none": "No report contains “{query}”",
    "region.keywords": "Keyphrases: ",
    "region.no_match": "No report in {region} contains “{query}”",
    "table.title": "Title",
    "table.place": "Place",
    "table.date": "Date",
    "table.figures": "Figures",
    "region.period": "{period} · {reports} reports",
    "region.no_dates": "{reports} reports, none dated",
    "region.empty": "{reports} reports",
    "region.undated": ", {undated} undated",
    "region.filtered": " · filter {since} to {until}",
    "region.set_aside": ", {undated} undated left out",
    "region.none_in_filter": "No report in {region} is dated within the filter (d changes it)",
    "status.filtered": "Filter · {rest}",
    "status.set_aside": "{rest} · {undated} undated",
    # The date filter (d).
    "dates.title": "Filter by date (Esc cancels)",
    "dates.since": "Since",
    "dates.until": "Until",
    "dates.hint": (
        "Write 2024, 2024-07 or 2024-07-01; empty: no limit. Undated reports are left out under a filter, and counted."
    ),
    "dates.apply": "Filter",
    "dates.clear": "Clear filter",
    "dates.invalid": "{field}: {value} is not a date (write 2024, 2024-07 or 2024-07-01)",
    "dates.reversed": "The start date is after the end date",
    "detail.summary": "Summary",
    "detail.figures": "Figures",
    "detail.text": "Full text",
    "detail.keywords": "Keyphrases: ",
    "detail.region": "Region: ",
    "detail.unknown_region": "unidentified",
    "detail.evidence": "evidence: ",
    "level.province": "province",
    "level.city": "city",
    "level.county": "county",
    "level.national": "national",
    "errors.unreadable": "{count} file(s) could not be read:",
    "palette.placeholder": "Search for commands…",
    "palette.copy_summary": "Copy summary",
    "palette.copy_summary_help": "Copy the open report's summary as Markdown",
    "palette.toggle_text": "Toggle full text",
    "palette.toggle_text_help": "Show only the report's text, or everything",
    "palette.copy_region": "Copy region brief",
    "palette.copy_region_help": "Copy {region}'s brief as Markdown",
    "palette.copy_collection": "Copy briefing",
    "palette.copy_collection_help": "Copy every region's brief as Markdown",
    "palette.search": "Search reports",
    "palette.search_help": "Narrow every tab to reports containing a text",
    "palette.cancel": "Cancel analysis",
    "palette.cancel_help": "Stop analysing; keep the reports read so far",
    "palette.export": "Export a file",
    "palette.export_help": "Save {what} as a Word briefing, Markdown or CSV file",
    "palette.refresh": "Analyse again",
    "palette.refresh_help": "Read new and changed files, drop removed ones",
    "palette.resume": "Resume analysis",
    "palette.resume_help": "Analyse the files left when it was cancelled",
    "palette.help": "Help",
    "palette.help_help": "Every key with its binding id",
    "palette.quit": "Quit",
    "palette.quit_help": "Leave dj-tui",
    "palette.region": "Switch region: {region}",
    "palette.region_help": "{count} reports",
    "palette.report": "Open report: {title}",
    "palette.pick_region": "Jump to region…",
    "palette.pick_region_help": "Type a name to pick among all regions",
    "picker.title": "Jump to region (Enter jumps, Esc closes)",
    "picker.placeholder": "Type a region's name…",
    "picker.count": "{count} reports",
    "picker.no_match": "No region's name contains “{query}”",
    "picker.no_regions": "No regions yet",
}

CATALOGUE: dict[str, dict[str, str]] = {ZH: _ZH, EN: _EN}

# The dashboard's language; one per process, as there is one dashboard.
_language = ZH


def set_language(language: str) -> None:
    if language not in CATALOGUE:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    global _language
    _language = language


def current_language() -> str:
    return _language


def text(message_id: str, **fields: object) -> str:
    """The message ``message_id`` in the current language, its ``{named}`` fields filled in."""
    return CATALOGUE[_language][message_id].format(**fields)


def key_description(binding_id: str) -> str:
    """What a key binding does, by its keymap id (``tab_3`` is the third of ``key.tab``)."""
    prefix, _, number = binding_id.rpartition("_")
    if prefix == "tab" and number.isdigit():
        return text("key.tab", number=number)
    return text(f"key.{binding_id}")


def level_name(level: str) -> str:
    """The name of a region level (``county`` → 县级); a level the catalogue lacks is shown as it is."""
    message_id = f"level.{level}"
    return text(message_id) if message_id in CATALOGUE[_language] else level
