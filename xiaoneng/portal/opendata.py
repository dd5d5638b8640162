"""Open data (数据开放): the published statistics, the catalogue and the enterprise fee list as
CSV and JSON, each with its schema (field, type, meaning) and licence.  Only what the public
pages already show: statistics as :func:`workorders.stats.published` withholds them (small
counts suppressed), nothing about any requester."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from xiaoneng.catalogue import selectors as catalogue
from xiaoneng.core import clock
from xiaoneng.workorders import stats


def licence() -> str:
    office = f"{settings.XIAONENG['CITY_NAME']}软环境建设办公室"
    return f"本数据依据《中华人民共和国政府信息公开条例》主动公开，按知识共享署名 4.0 国际许可协议（CC BY 4.0）开放：可自由下载、使用、再发布，请注明来源“{office}”。"


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    schema: list[tuple[str, str, str]]  # (field, type, meaning)
    records: Callable[[], list[dict]]

    def as_json(self) -> bytes:
        body = {
            "dataset": self.name,
            "title": self.title,
            "description": self.description,
            "licence": licence(),
            "generated_at": clock.now(),
            "schema": [{"field": f, "type": t, "meaning": m} for f, t, m in self.schema],
            "records": self.records(),
        }
        return json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder, indent=1).encode()

    def as_csv(self) -> bytes:
        """UTF-8 with a byte-order mark, so that Excel opens the Chinese text as it is."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[f for f, _, _ in self.schema], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(self.records())
        return ("\ufeff" + out.getvalue()).encode()


RATE_FIELDS = [(key, label) for key, label, _, _ in stats.RATES]


def _statistics_schema() -> list[tuple[str, str, str]]:
    minimum = stats.threshold()
    schema = [
        ("month", "string (YYYY-MM)", "统计月份：该月受理的工单、该月的回访"),
        ("department", "string", "承办部门；“未派单/直接答复”为未派至部门的工单"),
        ("received", "integer | 空", f"受理量；1 至 {minimum - 1} 件不公布（空）"),
        ("overdue_now", "integer | 空", f"截至统计时点仍超期未答复的件数；1 至 {minimum - 1} 件不公布（空）"),
    ]
    definitions = dict(stats.DEFINITIONS)
    for key, label in RATE_FIELDS:
        schema += [
            (f"{key}", "number (%) | 空", f"{label}：{definitions[label]}"),
            (f"{key}_numerator", "integer | 空", f"{label}的分子"),
            (f"{key}_denominator", "integer | 空", f"{label}的分母（0 为无办件；1 至 {minimum - 1} 不公布）"),
            (f"{key}_low", "number (%) | 空", f"{label} Wilson 95% 区间下限"),
            (f"{key}_high", "number (%) | 空", f"{label} Wilson 95% 区间上限"),
            (f"{key}_status", "string", "ok = 已计算；none = 无办件；few = 样本不足，不公布"),
        ]
    return schema


def _flat(month: str, row: dict) -> dict:
    out = {"month": month, "department": row["department"], "received": row["received"], "overdue_now": row["overdue_now"]}
    for key, _ in RATE_FIELDS:
        rate = row["rates"][key]
        out |= {
            key: rate["value"],
            f"{key}_numerator": rate["numerator"],
            f"{key}_denominator": rate["denominator"],
            f"{key}_low": rate["low"],
            f"{key}_high": rate["high"],
            f"{key}_status": rate["status"],
        }
    return out


def _statistics_records(months: int = 12) -> list[dict]:
    """Per department and month, the last ``months`` months up to the current one."""
    records, minimum = [], stats.threshold()
    for first in stats.month_starts(clock.today(), months):
        rows, _ = stats.department_figures(start=first, end=stats.month_end(first))
        records += [_flat(f"{first:%Y-%m}", row) for row in stats.published_rows(rows, minimum=minimum)]
    return records


def _catalogue_records() -> list[dict]:
    return [
        {
            "code": item.code,
            "name": item.current.name,
            "department": item.current.department.name,
            "kind": item.current.get_kind_display(),
            "legal_basis": item.current.legal_basis,
            "legal_limit_days": item.current.legal_limit_days,
            "committed_limit_days": item.current.committed_limit_days,
            "on_the_spot": item.current.on_the_spot,
            "joint": item.current.joint,
            "version": item.current.number,
            "published_on": clock.local(item.current.created_at).date(),
        }
        for item in catalogue.items()
    ]


def _fee_records() -> list[dict]:
    return [
        {
            "code": fee.code,
            "name": fee.name,
            "kind": fee.get_kind_display(),
            "department": fee.department.name,
            "standard": fee.standard,
            "legal_basis": fee.legal_basis,
            "updated_on": clock.local(fee.updated_at).date(),
        }
        for fee in catalogue.enterprise_fees().order_by("code")
    ]


def datasets() -> dict[str, Dataset]:
    return {
        d.name: d
        for d in [
            Dataset(
                "workorder-statistics",
                "诉求工单办理情况统计（分部门、分月）",
                "近 12 个月各承办部门的受理量、按时签收率、按期办结率、解决率、满意率、重办率、退单率，口径与统计页相同；小数目不公布。",
                _statistics_schema(),
                _statistics_records,
            ),
            Dataset(
                "catalogue",
                "政务服务事项清单",
                "对外公布的事项及其现行版本：实施部门、设定依据、法定与承诺时限。材料与收费见各事项的办事指南。",
                [
                    ("code", "string", "事项编码"),
                    ("name", "string", "事项名称"),
                    ("department", "string", "实施部门"),
                    ("kind", "string", "事项类型"),
                    ("legal_basis", "string", "设定依据"),
                    ("legal_limit_days", "integer", "法定时限（工作日）"),
                    ("committed_limit_days", "integer", "承诺时限（工作日）"),
                    ("on_the_spot", "boolean", "即办件（当场办结）"),
                    ("joint", "boolean", "并联审批"),
                    ("version", "integer", "现行版本号"),
                    ("published_on", "date (YYYY-MM-DD)", "现行版本发布日期"),
                ],
                _catalogue_records,
            ),
            Dataset(
                "enterprise-fees",
                "涉企收费清单",
                "现行有效的涉企行政事业性收费、政府性基金等；清单之外不得收费。",
                [
                    ("code", "string", "收费编码"),
                    ("name", "string", "收费项目"),
                    ("kind", "string", "类别"),
                    ("department", "string", "收费单位"),
                    ("standard", "string", "收费标准"),
                    ("legal_basis", "string", "设立依据"),
                    ("updated_on", "date (YYYY-MM-DD)", "最近更新日期"),
                ],
                _fee_records,
            ),
        ]
    }


FORMATS = {"csv": ("text/csv; charset=utf-8", Dataset.as_csv), "json": ("application/json", Dataset.as_json)}


def file_name(dataset: Dataset, fmt: str) -> str:
    return f"{dataset.name}-{dt.date.isoformat(clock.today())}.{fmt}"
