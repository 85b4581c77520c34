"""``planbook review``: the office's own verdict on a collected quarter (the 审核表), a thin
shell over :meth:`planbook.app.quarter_run.QuarterRun.review`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from planbook.cli.commands import _day, _door, draft_option, folder_option, main, plan_option, quarter_option

if TYPE_CHECKING:  # pragma: no cover
    from planbook.app import Quarter


@main.command()
@plan_option
@quarter_option
@folder_option("季度文件夹：审核表写在其中的 审核/；")
@click.option("--date", "day_text", default=None, metavar="日期", help="审核日期，如 2023-10-10（记入台账）；缺省为今天。")
@draft_option
@click.argument("sheet", required=False, type=click.Path(exists=True, dir_okay=False), metavar="[审核表]")
def review(plan_file: str | None, quarter: "Quarter", folder_dir: str | None, day_text: str | None, draft: bool,
           sheet: str | None) -> None:
    """审核：督查室对本季度报“已完成”的节点逐条认定，写出或读入审核表。

    不写审核表时，写出 <季度>/审核/<季度>_审核表.xlsx：本季度新报“已完成”的每个节点和牵头单位一行
    （开启延期申请时，还有各单位的延期申请），只可填写“审核结论”（认可 / 退回 / 存疑）和“审核意见”，
    已读入的结论保留在表中。写了审核表时，读入其中的结论：认可的销号，记下审核日期和审核人（本单位.toml
    的 reviewer，缺省为联系人）；退回的须写审核意见，该节点不销号、按未完成统计，列入该单位的问题清单，
    下季度的填报表中预填“【审核退回】意见”；存疑的不销号，在通报中列为待核实。同一份审核表重复读入不会重复
    记录；后来改变的结论取代先前的，两者都留在台账中。下一季度汇总后不能再审核本季度。汇总时也会读入
    审核/ 中本季度的审核表。是否必须审核后才销号，见督查规则.toml 的 [review]。
    """
    run = _door(plan_file, quarter, folder_dir, draft=draft)
    done = run.review(sheet, day=_day(day_text))
    if sheet is None:
        click.echo(f"审核表（{done.rows} 行）：{done.path}")
        click.echo(f"填写“审核结论”和“审核意见”后运行：planbook review -q {quarter} {done.path}")
        return
    counts = done.counts or {}
    said = "、".join(f"{v} {counts[v]} 条" for v in ("认可", "退回", "存疑") if counts.get(v))
    click.echo(f"已读取审核表 {done.path.name}：{said or '没有填写审核结论'}；台账新增 {done.changed} 条审核记录。")
    for path in done.lists or []:
        click.echo(f"  问题清单：{path}")
