"""The ``planbook`` command: a thin shell over the library, in Chinese for office staff.

Heavy libraries load inside each command, so ``--help`` is instant. The library's own errors
(:class:`PlanbookError`) become a Chinese message and exit code 2 here, and nothing else
does: a bug still shows as a bug. click's own texts are in Chinese
through :mod:`planbook.cli.language`.

Exit codes: 0 done and clean, 1 done but problems were found, 2 usage error or nothing done,
130 interrupted.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import click

from planbook.cli.language import Commands, Option
from planbook.cli.progress import LateBar as _LateBar, steps as _steps

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    from planbook.app import Plan, Quarter, QuarterRun, Workspace
    from planbook.app.quarter_run import QuarterCollect
    from planbook.plans import ParseResult

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

# --- options shared by the commands ---------------------------------------------------------

_UNREADABLE = {"plan_unreadable", "plan_file_empty", "plan_form_unknown", "plan_needs_office"}


def _load_plan(plan_file: str | None) -> Plan:
    """The plan of a file a tool reads (the seed without one); a large or converted file shows a bar."""
    from pathlib import Path

    from planbook.plans import PARSE_STEPS, load_plan

    if plan_file is None:
        return load_plan()
    with _steps(f"读取方案 {Path(plan_file).name}", PARSE_STEPS) as step:
        return load_plan(plan_file, progress=step)


def _quarter(ctx: click.Context, param: click.Parameter, value: str | None) -> Quarter | None:
    if value is None:
        return None
    from planbook.app import PlanbookError, Quarter

    try:
        return Quarter.parse(value)
    except PlanbookError as exc:
        raise click.BadParameter(exc.problems[0].message) from None


def _say(text: str) -> None:
    click.echo(text, err=True)


quarter_option = click.option("--quarter", "-q", required=True, callback=_quarter, metavar="季度",
                              help="报送季度，如 2023Q2。")
plan_option = click.option("--plan", "plan_file", type=click.Path(exists=True, dir_okay=False), metavar="方案文件",
                           help="方案文件（.txt、.docx、.xlsx；.doc、.wps、.xls、.et 需安装 LibreOffice）；缺省为工作目录的方案"
                                "（planbook init 登记的），没有登记时为内置的大连市方案。")
tool_plan_option = click.option("--plan", "plan_file", type=click.Path(exists=True, dir_okay=False), metavar="方案文件",
                                help="方案文件（.txt、.docx、.xlsx；.doc、.wps、.xls、.et 需安装 LibreOffice）；缺省为内置的大连市方案。")
workspace_option = click.option("--workspace", "workspace", type=click.Path(file_okay=False), default="output",
                                show_default=True, metavar="文件夹",
                                help="工作目录：各季度文件夹、台账/、方案和本单位信息文件所在的目录。")


def folder_option(help: str) -> Callable[[F], F]:  # noqa: A002 (click's own word)
    """``--folder``/``-d``: the quarter's folder, which a command reads and writes (``--out``,
    its old name, still works)."""
    return click.option("--folder", "-d", "--out", "folder_dir", cls=Option, hidden_opts=("--out",),
                        type=click.Path(file_okay=False), metavar="文件夹",
                        help=help + "缺省为 output/<季度>/。")


draft_option = click.option("--draft", is_flag=True,
                            help="本单位信息文件仍是示例时，问题清单、督办单、提醒函和通报照常生成，每页标明“草稿”，仅供核对。")


def _workspace(root: str | None, plan_file: str | None = None, *, draft: bool = False,
               folder: str | None = None, accept_doubts: bool = True) -> Workspace:
    """The workspace (default output/); ``--plan`` must be its plan (reading a large file shows a bar)."""
    from pathlib import Path

    from planbook.app import Workspace

    where = Path(root) if root else Path("output")
    if plan_file is None:  # the stored plan: the plan readers are not even imported
        return Workspace(where, draft=draft, say=_say, folder=folder)
    from planbook.plans import PARSE_STEPS

    with _steps(f"读取方案 {Path(plan_file).name}", PARSE_STEPS) as step:
        return Workspace(where, plan=plan_file, draft=draft, say=_say, progress=step, folder=folder,
                         accept_doubts=accept_doubts)


def _door(plan_file: str | None, quarter: Quarter, folder_dir: str | None, *, draft: bool = False,
          accept_doubts: bool = True) -> QuarterRun:
    """The quarter through the door: its folder (``--folder``, default output/<季度>/) and the
    workspace that holds it."""
    from pathlib import Path

    root = str(Path(folder_dir).resolve().parent) if folder_dir else None
    workspace = _workspace(root, plan_file, draft=draft, folder=folder_dir, accept_doubts=accept_doubts)
    return workspace.quarter(quarter, folder_dir)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planbook", message="%(prog)s %(version)s", help="显示版本号并退出。")
def main() -> None:
    """重点任务督查：读取方案，下发填报表，汇总各单位交回的填报表，生成季度督查通报。

    \b
    一个季度的流程：
      planbook export -q 2023Q2    下发：生成各单位的填报表
      planbook collect -q 2023Q2   汇总：读取交回的填报表（放在 output/2023Q2/回执/）
      planbook report -q 2023Q2    通报：生成督查通报
      planbook ledger              台账：各节点逐季度的状态（output/台账/）
      planbook duban -q 2023Q2     督办：给有逾期节点的单位发督办单、提醒函

    不写 --plan 时用内置的大连市方案。在命令后加 --help 查看它的说明，例如 planbook export --help。

    退出码：0 完成且没有问题；1 完成，但数据中有问题；2 用法或环境有问题，未完成；130 已中断。
    """


@main.command()
@click.argument("plan_arg", required=False, metavar="[方案文件]", type=click.Path(exists=True, dir_okay=False))
@plan_option
@click.option("--json", "json_out", type=click.Path(dir_okay=False, allow_dash=True), metavar="文件",
              help="把方案模型写成 JSON（- 为标准输出）。")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False), metavar="文件",
              help="映射文件（TOML）：写明推定错了的地方（列、任务层级、牵头规则、年份、工作表、标题）。")
@click.option("--write-mapping", "mapping_out", type=click.Path(dir_okay=False), metavar="文件",
              help="把这次读取的推定写成带说明的映射文件（TOML），改对后用 --mapping 读入。")
@click.option("--title", default="", metavar="标题", help="方案标题（文件中没有标题行时用它）。")
def parse(plan_arg: str | None, plan_file: str | None, json_out: str | None, mapping_file: str | None,
          mapping_out: str | None, title: str) -> None:
    """读取方案，显示读到的内容、每一处推定和发现的问题。

    方案文件可写在 --plan 后面，也可以直接写文件名（两者只写一个）；不写时读取内置的大连市方案。
    能读 .txt、.docx、.xlsx；.doc、.wps、.xls、.et 需安装 LibreOffice。推定有误时，用
    --write-mapping 写出映射文件，改对后用 --mapping 再读。
    """
    from pathlib import Path

    from planbook.app import seed_path, write_file
    from planbook.plans import PARSE_STEPS, SEED_TITLE, mapping_toml, parse_plan, read_mapping

    if plan_arg and plan_file:
        raise click.UsageError(f"方案写了两次（{plan_arg} 和 --plan {plan_file}）：只写一次，写在 --plan 后面或直接写文件名都可以。",
                               ctx=click.get_current_context())
    plan_file = plan_file or plan_arg
    mapping = read_mapping(mapping_file) if mapping_file else None
    if plan_file:
        with _steps(f"读取方案 {Path(plan_file).name}", PARSE_STEPS) as step:
            result = parse_plan(plan_file, title=title, mapping=mapping, progress=step)
    else:
        result = parse_plan(seed_path(), title=title or SEED_TITLE, mapping=mapping)
    if mapping_out and result.guesses.form:
        write_file(mapping_out, mapping_toml(result).encode("utf-8"))
    plan = _parsed(result)
    if json_out:
        text = json.dumps(plan.to_dict(), ensure_ascii=False, indent=1)
        if json_out == "-":
            click.echo(text)
            return
        write_file(json_out, text.encode("utf-8"))
    _describe(result, mapping_out, json_out)


def _parsed(result: ParseResult) -> Plan:
    """The plan read, after its problems; a plan with errors stops here (exit 2 or 1)."""
    from planbook.plans import describe

    for p in result.errors:
        click.echo(str(p), err=True)
    for p in result.warnings[:20]:
        click.echo(str(p), err=True)
    if len(result.warnings) > 20:
        click.echo(f"……另有 {len(result.warnings) - 20} 条提示", err=True)
    plan = result.plan
    if plan is None or result.errors:
        for line in describe(result):
            click.echo(line, err=True)
        click.echo(f"方案有 {len(result.errors)} 个错误，未生成模型。", err=True)
        # a file that could not be read as a plan (wrong type, broken, empty) is a usage problem;
        # a plan read with errors in it is a problem in the data
        unreadable = plan is None and any(p.kind in _UNREADABLE for p in result.errors)
        sys.exit(EXIT_USAGE if unreadable or not result.errors else EXIT_PROBLEMS)
    return plan


def _describe(result: ParseResult, mapping_out: str | None, json_out: str | None) -> None:
    from planbook.plans import describe

    assert result.plan is not None
    click.echo(f"{result.plan.title or result.plan.source}（标识 {result.plan.fingerprint}）")
    for line in describe(result):
        click.echo(line)
    if mapping_out:
        click.echo(f"推定已写入映射文件 {mapping_out}：改对后用 --mapping {mapping_out} 再读")
    if json_out and json_out != "-":
        click.echo(f"模型已写入 {json_out}")


previous_option = click.option("--previous", "previous_dir", type=click.Path(exists=True, file_okay=False),
                               metavar="文件夹", help="上一季度的季度文件夹（缺省：在同一工作目录中按季度查找）。")


yes_option = click.option("--yes", is_flag=True,
                          help="方案的读取结果有疑问（planbook parse 显示“请核对”）时仍然采用：先核对过再用。")

T = TypeVar("T")


def _doubts_settled(run: Callable[[bool], T], yes: bool) -> T:
    """``run(accept_doubts)``; a plan whose reading is doubtful is refused (exit 2) unless
    ``--yes``, or asked about when a person sits at the terminal (never a prompt without one)."""
    from planbook.app import PlanbookError

    try:
        return run(yes)
    except PlanbookError as exc:
        doubtful = any(p.kind == "plan_doubtful" for p in exc.problems)
        if yes or not doubtful or not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise
        click.echo(str(exc), err=True)
        if not click.confirm("仍按这样读取并采用这个方案吗？", default=False, err=True):
            raise
        return run(True)


@main.command()
@click.option("--plan", "plan_file", type=click.Path(exists=True, dir_okay=False), metavar="方案文件",
              help="本工作目录要督查的方案文件（复制到工作目录的 方案/ 中）；不写时用内置的大连市方案。")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False), metavar="文件",
              help="映射文件（TOML，见 planbook parse --write-mapping），与方案一起复制进来。")
@click.option("--title", default="", metavar="标题", help="方案标题（文件中没有标题行时用它）。")
@click.option("--name", "office_name", metavar="机关全称", help="本单位的机关全称（写入本单位信息文件）。")
@click.option("--unit", metavar="督查室", help="督查室的全称，如 某市营商环境建设局督查室。")
@click.option("--contact", metavar="联系人", help="问题清单、督办单和提醒函上的联系人。")
@click.option("--phone", metavar="电话", help="联系电话。")
@workspace_option
@yes_option
def init(plan_file: str | None, mapping_file: str | None, title: str, office_name: str | None, unit: str | None,
         contact: str | None, phone: str | None, workspace: str, yes: bool) -> None:
    """建立工作目录：登记方案和本单位信息。

    方案（和映射文件）复制到工作目录的 方案/，读到的内容存为工作目录的方案：以后的命令都不用再写 --plan。
    同时写出带说明的本单位信息文件（本单位.toml），请改成本单位的机关名称、督查室、联系人和电话。
    """
    from planbook.plans import PARSE_STEPS

    from planbook.app import Workspace

    office = {k: v for k, v in (("name", office_name), ("unit", unit), ("contact", contact), ("phone", phone)) if v}
    def create(accept: bool) -> Workspace:
        with _steps(f"登记方案 {plan_file or '内置的大连市方案'}", PARSE_STEPS) as step:
            return Workspace.create(workspace, plan_file, mapping=mapping_file, title=title, office=office, say=_say,
                                    progress=step, accept_doubts=accept)

    ws = _doubts_settled(create, yes)
    click.echo(f"工作目录：{ws.root}")
    click.echo(f"方案：{ws.record.describe()}")
    click.echo(f"本单位信息文件：{ws.office_file}" + ("（请改成本单位的机关名称、督查室、联系人和电话）" if ws.held_back() else ""))
    click.echo("下一步：planbook export -q 季度（如 2023Q2）下发填报表；随时用 planbook status 查看进度。")


@main.command()
@workspace_option
def status(workspace: str) -> None:
    """进度：每个季度走到了哪一步，下一步做什么。

    列出工作目录的方案和本单位信息，每个季度的下发、汇总（收到的回执、未报送的单位）、通报和督办，以及下一步。
    """
    for line in _workspace(workspace).status().lines():
        click.echo(line)


@main.command()
@plan_option
@quarter_option
@folder_option("季度文件夹，填报表写入其中的 下发/；")
@click.option("--password", default=None, metavar="密码", help="工作表保护密码（缺省不设密码）。")
@click.option("--agency", "agencies", multiple=True, metavar="单位", help="只导出这些单位（可重复）。")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="并行进程数；缺省为全部核心。")
@click.option("--no-prefill", is_flag=True, help="不要用上一季度的汇总结果预填。")
@previous_option
@click.option("--force", is_flag=True, help="下发后被改动过的填报表也重新生成（原文件先移到 备份/）。")
@yes_option
def export(plan_file: str | None, quarter: Quarter, folder_dir: str | None, password: str | None,
           agencies: tuple[str, ...], jobs: int | None, no_prefill: bool, previous_dir: str | None, force: bool,
           yes: bool) -> None:
    """下发：生成本季度的总表和每个牵头单位的填报表。

    写入季度文件夹的 下发/。上一季度已汇总时，各单位的填报表预填上季度的填报内容。
    下发后被改动过的填报表（如单位交回时用了原文件名）不会被覆盖，见 --force。
    """
    run = _doubts_settled(lambda accept: _door(plan_file, quarter, folder_dir, accept_doubts=accept), yes)
    names = list(agencies) or list(run.workspace.plan.agency_names)
    with click.progressbar(length=len(names) + 1, label="写入工作簿", file=sys.stderr, show_pos=True) as bar:
        result = run.export(agencies=agencies or None, password=password, jobs=jobs, prefill=not no_prefill,
                            previous=previous_dir, force=force, progress=lambda _name: bar.update(1))
    if result.backup:
        click.echo(f"下发后被改动过的文件已移到：{result.backup}")
    click.echo(f"总表：{result.master}")
    click.echo(f"{len(result.agency_files)} 个单位的填报表：{result.folder}")
    if result.prefilled:
        click.echo(f"已用 {quarter.previous} 的汇总结果预填 {result.prefilled} 个单位的填报表。")
    if result.closed:
        click.echo(f"已销号的节点 {result.closed} 个：显示为已完成并锁定，不再填报。")


@main.command()
@click.argument("returns", nargs=-1, type=click.Path(exists=True), metavar="[回执]...")
@plan_option
@quarter_option
@folder_option("季度文件夹：缺省从其中的 回执/ 和 下发/ 读取回执，汇总结果写在这里；")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="并行进程数；缺省：文件多时用全部核心。")
@click.option("--dry-run", is_flag=True, help="只检查并报告问题，不写任何文件。")
@click.option("--withdraw", "withdraw_key", metavar="文件或哈希", help="撤回一份已采用的回执（文件名或 sha256 前 12 位），重新汇总。")
@click.option("--reinstate", "reinstate_key", metavar="文件或哈希", help="恢复一份已撤回的回执，重新汇总。")
@click.option("--reason", default="", metavar="原因", help="撤回或恢复的原因（记入登记）。")
@draft_option
def collect(returns: tuple[str, ...], plan_file: str | None, quarter: Quarter, folder_dir: str | None, jobs: int | None,
            dry_run: bool, withdraw_key: str | None, reinstate_key: str | None, reason: str, draft: bool) -> None:
    """汇总：读取各单位交回的填报表，检查后汇总。

    回执：要读取的文件夹或文件，可写多个；不写时读取季度文件夹的 回执/ 和 下发/。
    写入汇总表、各单位的问题清单、record.json 和 entries.csv。发现问题时退出码为 1。
    """
    run = _door(plan_file, quarter, folder_dir, draft=draft)
    key = withdraw_key or reinstate_key
    if key:
        target, done = run.withdraw(key, reason=reason, reinstate=bool(reinstate_key), jobs=jobs)
        click.echo(f"已{'恢复' if reinstate_key else '撤回'}：{target.file}（{target.agency}，{target.sha256[:12]}），"
                   "已重新汇总。")
    else:
        bar = click.progressbar(length=0, label="读取回执", file=sys.stderr, show_pos=True)

        def counted(n: int) -> None:
            bar.length = n
            bar.render_progress()

        with bar:
            done = run.collect(returns, jobs=jobs, dry_run=dry_run, counted=counted, progress=lambda _name: bar.update(1))
    _collect_summary(done, quarter, dry_run)


def _collect_summary(done: QuarterCollect, quarter: Quarter, dry_run: bool) -> None:
    result = done.result
    record = result.record
    for line in done.recovered:
        click.echo(f"提示：{line}。", err=True)
    for p in record.problems[:200]:
        click.echo(str(p), err=True)
    if len(record.problems) > 200:
        click.echo(f"……另有 {len(record.problems) - 200} 个问题，见问题清单。", err=True)
    for other in result.other_quarter:
        click.echo(f"未读取（属于其他季度，不记入 {quarter}）：{other.file}。" + other.problems[0].message, err=True)
    click.echo(f"{quarter}：读取 {len(record.returns)} 个文件，采用 {len(result.accepted)} 个，"
               f"拒收 {len(result.refused)} 个，被后报送版本替代 {len(result.superseded)} 个。")
    if result.skipped:
        click.echo(f"  与下发时完全相同（未填写）的填报表 {len(result.skipped)} 个，未读取。")
    known = [r for r in result.refused if r.refused_before]
    if known:
        click.echo(f"  其中 {len(known)} 个文件以前已拒收过，不再重复报告问题（见 拒收/）。")
    for kept in result.withdrawn:
        click.echo(f"  已撤回（不计入汇总）：{kept.file}（{kept.agency}，{kept.sha256[:12]}）")
    for kept in result.superseded:
        click.echo(f"  {kept.file}（{kept.agency}）（已被 {next((r.file for r in record.returns if r.sha256 == kept.superseded_by), '后报送的版本')} 替代）")
    click.echo(f"问题 {len(result.errors)} 个错误、{len(result.warnings)} 个提示，涉及 "
               f"{len({p.agency or p.file for p in record.problems})} 个单位或文件。")
    if record.missing_agencies:
        click.echo(f"未报送（{len(record.missing_agencies)} 个单位）：" + "、".join(record.missing_agencies))
    written = done.written
    if written is None:
        click.echo("试运行：未写入任何文件。")
    else:
        if written.unchanged:
            click.echo(f"汇总结果与上次相同，未改动：{written.record}")
        else:
            click.echo(f"汇总表：{written.master}")
            click.echo(f"记录：{written.record}，{written.entries}")
        if written.problem_lists:
            click.echo(f"问题清单 {len(written.problem_lists)} 份：{written.place.problem_lists}")
        if written.removed:
            click.echo(f"已删除问题清单 {len(written.removed)} 份（这些单位的问题都已改正）：" + "、".join(written.removed))
        if written.archived:
            click.echo(f"新存档 {len(written.archived)} 个文件：{written.place.archive}（拒收的在 {written.place.refused}）")
    sys.exit(EXIT_PROBLEMS if record.problems else EXIT_OK)


@main.command()
@plan_option
@quarter_option
@folder_option("季度文件夹：从中读取汇总结果 record.json，督查通报也写在这里；")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), metavar="文件",
              help="设置文件（TOML），覆盖本单位信息文件和 templates/report.toml 中的设置（文号、日期、主送、版头形式等）。")
@click.option("--brief", is_flag=True, help="改为生成报市领导的一页纸督查专报（<季度>_督查专报.docx）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（需安装 LibreOffice）。")
@previous_option
@draft_option
def report(plan_file: str | None, quarter: Quarter, folder_dir: str | None, config: str | None, brief: bool,
           pdf: bool, previous_dir: str | None, draft: bool) -> None:
    """通报：按本季度的汇总结果生成督查通报（GB/T 9704 公文格式）。

    读取季度文件夹中的 record.json（先运行 planbook collect），督查通报写入同一文件夹。
    上一季度已汇总时，通报写出与上季度的对比。--brief 生成一页纸的督查专报；
    --pdf 同时写出 PDF（用 LibreOffice 转换，未安装时给出提示，.docx 照常写好）。
    发文机关、发文字号、主送、抄送和印发取自工作目录的本单位信息文件（本单位.toml）。
    """
    run = _door(plan_file, quarter, folder_dir, draft=draft)
    what = "督查专报" if brief else "督查通报"
    with _LateBar(2 + pdf, f"生成{what}") as bar:
        written = run.report(brief=brief, pdf=pdf, config=config, previous=previous_dir,
                             progress=lambda _name: bar.step())
    if written.compared is not None:
        click.echo(f"已与 {quarter.previous} 的汇总结果对比。")
    click.echo(f"{what}：{written.path}")
    if written.pdf is not None:
        click.echo(f"PDF：{written.pdf}")


@main.command()
@plan_option
@quarter_option
@folder_option("季度文件夹：从中读取汇总结果 record.json，驾驶舱也写在这里；")
@previous_option
def dashboard(plan_file: str | None, quarter: Quarter, folder_dir: str | None, previous_dir: str | None) -> None:
    """驾驶舱：按本季度的汇总结果生成供领导查看的离线网页。

    写入季度文件夹的 <季度>_驾驶舱.html。数字与督查通报同出一源；各季度的趋势取自每季度生成通报时留存的统计；逐项情况可层层展开。
    一个文件，不依赖网络和脚本，可转发，在浏览器中打开或打印（A4 横向）。
    """
    path = _door(plan_file, quarter, folder_dir).dashboard(previous=previous_dir)
    click.echo(f"驾驶舱：{path}")


@main.command()
@plan_option
@quarter_option
@folder_option("季度文件夹：督办单和提醒函写在其中的 督办/；")
@click.option("--date", "day_text", default=None, metavar="日期",
              help="交办日期，如 2023-07-10（编号的年度、办理时限和提醒函的到期范围按它计算）；缺省为今天。")
@draft_option
def duban(plan_file: str | None, quarter: Quarter, folder_dir: str | None, day_text: str | None, draft: bool) -> None:
    """督办：按台账生成督办单和提醒函。

    给有逾期或滞后节点的单位生成督办单，给有节点即将到期的单位生成提醒函。督办单全年连续编号，编号记在工作目录的 台账/督办登记.json 中，不重复使用；同一季度重新运行时，
    每个单位沿用原编号（事项有变化的，原文件先移到 备份/）。灯色、列入督办的范围、提醒天数、
    督办单的形式（表格式或函件式）按 templates/supervision.toml 和工作目录的 督查规则.toml；
    发文机关、署名、编号、联系人和电话按工作目录的本单位信息文件（本单位.toml）。
    台账.xlsx 同时更新，其中的 督办台账 工作表列出已发出的督办单、提醒函和是否回复。
    """
    day = _day(day_text)
    run = _door(plan_file, quarter, folder_dir, draft=draft)
    _say(f"正在生成 {quarter} 的督办单和提醒函……")
    with click.progressbar(length=2 * len(run.workspace.plan.agency_names), label="督办单、提醒函", file=sys.stderr) as bar:
        issued = run.duban(day=day, progress=lambda _name: bar.update(1))
    words = {"new": "新编号", "same": "沿用原编号，内容未变", "revised": "沿用原编号，事项有变化，已重新生成"}
    for label, done in (("督办单", issued.duban), ("提醒函", issued.reminders)):
        click.echo(f"{label} {len(done)} 份" + (f"：{run.folder.duban}" if done else "。"))
        for issue, path, what in done:
            click.echo(f"  {issue.number}  {issue.agency}  {len(issue.items)} 项（{words[what]}）  {path.name}")
    for issue in issued.withdrawn:
        click.echo(f"已撤回 {issue.number}（{issue.agency}）：本次已无督办或提醒事项，编号保留，不再使用。")
    if issued.backed_up:
        click.echo(f"被替换的 {len(issued.backed_up)} 份原文件已移到 {run.folder.backups}。")
    click.echo(f"督办登记：{issued.register}")


def _day(text: str | None) -> "date | None":
    """``--date``: 2023-07-10."""
    from datetime import date

    from planbook.app import fail

    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail("date_invalid", f"交办日期“{text}”格式不对，应写作 2023-07-10。", value=text,
                   allowed="2023-07-10") from None


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="output/demo", show_default=True, metavar="文件夹",
              help="演示的输出文件夹（其中每个季度一个季度文件夹）。")
@click.option("--quarter", "-q", default="2023Q4", show_default=True, callback=_quarter, metavar="季度",
              help="演示的季度（它的上一季度也会先跑一遍，用于对比）。")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="并行进程数；缺省为全部核心。")
@tool_plan_option
def demo(out: str, quarter: Quarter, jobs: int | None, plan_file: str | None) -> None:
    """演示：在内置方案（或 --plan 给的方案）上跑一遍完整的季度流程。

    先跑上一季度，再跑本季度：下发填报表，模拟各单位回执（有的未报送，有的填错，有一份更正），
    汇总，生成督查通报；最后列出每个输出文件。演示文件夹是一个工作目录：方案已登记，
    之后可以直接在其中运行 planbook status、report、duban 等命令（--workspace/--folder 指向它）。
    """
    import time

    from planbook.tools import DEMO_STEPS, run_demo

    plan = _load_plan(plan_file) if plan_file else None
    start = time.perf_counter()
    told: list[str] = []  # what happened on the way, shown after the bar
    with _steps(f"演示 {quarter.previous.previous}–{quarter}", DEMO_STEPS) as step:
        result = run_demo(out, quarter, jobs=jobs, say=told.append, plan=plan, plan_file=plan_file, step=step)
    for line in told:
        click.echo(line)
    click.echo(f"{quarter}：{len(result.outputs)} 类输出，用时 {time.perf_counter() - start:.1f} 秒")
    for label, path in result.outputs.items():
        click.echo(f"  {label}：{path}")
    click.echo(f"采用回执 {result.returns} 份，发现问题 {result.problems} 个；未报送："
               + ("、".join(result.missing) or "无"))


@main.command()
@click.option("--scale", type=click.Choice(["x20", "x100"]), default=None,
              help="预设规模：x20 为 1500 项任务、8 个领域、500 个单位；x100 为 7500 项任务、10 个领域、"
                   "1000 个单位（写了它，下面三项不再起作用）。")
@click.option("--tasks", type=click.IntRange(1, 100000), default=1500, show_default=True, help="任务数。")
@click.option("--sections", type=click.IntRange(1, 30), default=8, show_default=True, help="领域数。")
@click.option("--agencies", type=click.IntRange(1, 10000), default=500, show_default=True,
              help="牵头单位数（每项任务 1–3 个牵头单位，所以不能超过任务数的 3 倍）。")
@click.option("--seed", type=int, default=0, show_default=True, help="随机数种子：种子和规模相同，生成的方案也相同。")
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              metavar="文件", help="写入的 .txt 文件（- 为标准输出）。")
def synth(scale: str | None, tasks: int, sections: int, agencies: int, seed: int, out: str) -> None:
    """生成指定规模的模拟方案（正式文本格式），用于大规模试用。

    例如 planbook synth --scale x20 --out big.txt，再 planbook export --plan big.txt -q 2023Q2。
    """
    from planbook.tools import SCALES, synthetic_plan_text

    if scale:
        tasks, sections, agencies = SCALES[scale]
    if agencies > tasks * 3:
        raise click.BadParameter(f"每项任务最多 3 个牵头单位，{agencies} 个单位至少要 {-(-agencies // 3)} 项任务：请减少单位数或增加任务数。", param_hint="--agencies")
    if out == "-":
        click.echo(synthetic_plan_text(tasks, sections, agencies, seed))
        return
    from planbook.app import write_file

    with _steps("生成模拟方案", 2) as step:
        step("生成任务和节点")
        text = synthetic_plan_text(tasks, sections, agencies, seed)
        step(f"写入 {out}")
        write_file(out, (text + "\n").encode("utf-8"))
    click.echo(f"{tasks} 项任务、{sections} 个领域、{agencies} 个牵头单位：{out}")


@main.command("targets")
@tool_plan_option
@click.option("--json", "json_out", type=click.Path(dir_okay=False, allow_dash=True),
              help="把找到的目标写成 JSON（- 为标准输出）。")
def targets_command(plan_file: str | None, json_out: str | None) -> None:
    """目标：列出方案各节点中可以量化的目标（达到90%、不少于500项……）。

    在目标写入填报表之前，核对读到的是否正确。不写 --plan 时读取内置的大连市方案。
    """
    from planbook.app import write_file
    from planbook.tools import target_lines, targets_data

    plan = _load_plan(plan_file)
    if json_out:
        text = json.dumps(targets_data(plan), ensure_ascii=False, indent=1)
        if json_out == "-":
            click.echo(text)
            return
        write_file(json_out, text.encode("utf-8"))
    for line in target_lines(plan):
        click.echo(line)
    if json_out:
        click.echo(f"目标已写入 {json_out}")


@main.command()
@plan_option
@workspace_option
@click.option("--quarter", "-q", callback=_quarter, default=None, metavar="季度", help="台账截至的季度（缺省为最近汇总的季度）。")
@click.option("--extend", "extend_id", metavar="节点", help="登记经批准的延期：节点编号，如 7-2（同时给出 --agency、--to、--reason）。")
@click.option("--reopen", "reopen_id", metavar="节点", help="取消销号、重新打开一个节点（同时给出 --agency、--reason）。")
@click.option("--agency", default="", metavar="单位", help="延期或重新打开的牵头单位。")
@click.option("--to", "to_month", default="", metavar="月份", help="延期后的完成时限，如 2024年6月。")
@click.option("--reason", default="", metavar="原因", help="延期或重新打开的原因。")
@click.option("--ref", default="", metavar="文号", help="批准延期的文号，如 大营商督〔2023〕5号。")
@click.option("--revise", "revise_from", type=click.Path(exists=True, dir_okay=False), metavar="修订前方案",
              help="方案修订：把台账从修订前的方案（此文件）结转到 --plan 给的修订后方案，修订后的方案成为工作目录的方案。")
@click.option("--renames", "renames_file", type=click.Path(exists=True, dir_okay=False), metavar="改名文件",
              help="方案修订时单位改名、合并的对照（TOML：[renames] \"旧名\" = \"新名\"）。")
def ledger(plan_file: str | None, workspace: str, quarter: Quarter | None, extend_id: str | None,
           reopen_id: str | None, agency: str, to_month: str, reason: str, ref: str, revise_from: str | None,
           renames_file: str | None) -> None:
    """台账：生成工作目录的台账，或登记延期、取消销号、方案修订。

    台账列出每个节点、每个牵头单位逐季度的状态，由每次汇总自动更新。--extend 登记经批准的延期（按新时限判断是否逾期）；
    --reopen 重新打开已销号的节点（下次下发时重新填报）；--revise 把台账结转到修订后的方案，修订前下发的回执仍可汇总。
    """
    ws = _workspace(workspace, revise_from if revise_from else plan_file)  # revising: the old plan is the workspace's
    if revise_from:
        if plan_file is None:
            raise click.UsageError("方案修订要用 --plan 写明修订后的方案文件。", ctx=click.get_current_context())
        carried = ws.revise(plan_file, renames_file)
        click.echo(f"台账已结转到修订后的方案（{ws.plan.fingerprint}）：{carried} 条。修订前下发的回执中仍对应的节点照常汇总。")
    if extend_id:
        line = ws.extend(extend_id, agency, to_month, reason=reason, ref=ref)
        click.echo(f"已登记延期：节点 {line.milestone_id}（{line.agency}）延至 {to_month}。下次汇总按新时限判断是否逾期。")
    if reopen_id:
        line = ws.reopen(reopen_id, agency, quarter, reason=reason)
        click.echo(f"已重新打开节点 {line.milestone_id}（{line.agency}）：下次下发时重新填报。")
    with _steps(f"写入台账 {ws.ledger_workbook_path.name}", 1) as step:
        step("每个节点、每个牵头单位一行，每个单位一页")
        path = ws.write_ledger_workbook(as_of=quarter)
    click.echo(f"台账：{path}")


@main.command()
@click.argument("old_file", type=click.Path(exists=True, dir_okay=False), metavar="修订前方案")
@click.argument("new_file", type=click.Path(exists=True, dir_okay=False), metavar="修订后方案")
@click.option("--renames", "renames_file", type=click.Path(exists=True, dir_okay=False), metavar="改名文件",
              help="单位改名、合并的对照（TOML：[renames] \"旧名\" = \"新名\"）。")
def diff(old_file: str, new_file: str, renames_file: str | None) -> None:
    """方案修订：列出两个版本之间的变化（改名、新增、取消、调整）。

    按节点编号和内容对照两个版本，列出单位改名与合并、新增与取消的任务和节点、节点内容和完成时限的调整、
    牵头单位的调整，以及仍然对应的节点数。
    """
    from planbook.tools import diff_lines

    for line in diff_lines(_load_plan(old_file), _load_plan(new_file), renames_file):
        click.echo(line)
