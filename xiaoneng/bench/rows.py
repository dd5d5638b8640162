"""Rows of the generated city: a year of work orders with their clocks and call-backs, and a
year of applications with their decision clocks.

Every row is what the services would have left behind for that history (same statuses,
deadlines from the same working-day calendar and time limits, clocks stopped when the step
was done), written in bulk without audit records: the generated city is a benchmark fixture.
Cases are spread over the year before ``now`` with busier daytime hours; most are closed,
a realistic share is still open and some of those are overdue.  ``open_cases`` forces the
most recent cases to stay open (a backlog), for sweeping a million open clocks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache

from xiaoneng.core import clock
from xiaoneng.workdays import selectors as workdays
from xiaoneng.workorders.rules import add_office_time, handling_due
from xiaoneng.workorders.selectors import office_hours, time_limit

from . import texts
from .organisation import City

DAY = dt.timedelta(days=1)
TYPE_MIX = {"consultation": 34, "help": 24, "complaint": 22, "suggestion": 7, "report": 5, "enterprise": 8}
CHANNEL_MIX = {"hotline": 62, "app": 11, "wechat": 12, "web": 7, "weibo": 2, "email": 2, "walk_in": 4}
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 6, 7, 9, 10, 9, 8, 7, 6, 5, 4, 3, 2]
SATISFACTION_MIX = {"very_satisfied": 45, "satisfied": 30, "basically_satisfied": 13, "dissatisfied": 8, "very_dissatisfied": 4}
APPLICATION_END = {"approved": 78, "completed_on_spot": 11, "denied": 3, "not_accepted": 4, "withdrawn": 4}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红玲芬燕彬鹏辉建国志文斌宇浩凯健俊帆"

WO_COLUMNS = (
    "id type urgent channel title title_masked content requester_anonymous requester_name requester_phone requester_email requester_id_number "
    "requester_address requester_organization requester_uscc location_address area_id received_at received_by_id external_id email_message_id "
    "query_code status round dispatch_count department_id dispatched_at dispatched_by_id sign_minutes sign_due_at signed_at signed_by_id "
    "handle_started_on handle_days due_on due_at provisional replied_at replied_by_id reply_content closed_at closed_by_id close_result "
    "created_at updated_at"
).split()
FOLLOWUP_COLUMNS = "workorder_id round department_id reached resolved satisfaction department_at_fault note by_id at".split()
CLOCK_COLUMNS = (
    "subject_type subject_id kind round department_id responsible_id started_on working_days due_on due_at provisional state stopped_at met created_at updated_at"
).split()
APP_COLUMNS = (
    "id number query_code item_id version_id department_id status channel applicant_name applicant_id_type applicant_id_number applicant_phone "
    "applicant_enterprise materials received_on received_by_id handler_id acceptance_due_on accepted_on deemed_accepted extension_days legal_due_on "
    "committed_due_on next_due_on due_provisional decided_on decision_reason competent_body decided_by_id certificate_due_on certificate_delivered_on "
    "created_at updated_at"
).split()


def _table(weights: dict) -> list:
    """A lookup list for weighted choices by one ``randrange``."""
    return [key for key, w in weights.items() for _ in range(w)]


@dataclass
class Batch:
    workorders: list
    followups: list
    clocks: list


class Generator:
    def __init__(self, city: City, *, seed: int, now: dt.datetime):
        self.city, self.rng, self.now = city, random.Random(seed), now
        self.cal = workdays.calendar()
        self.hours = office_hours()
        self.start = clock.start_of_day(clock.local(now).date() - dt.timedelta(days=365))
        self.types, self.channels, self.satisfaction = _table(TYPE_MIX), _table(CHANNEL_MIX), _table(SATISFACTION_MIX)
        self.topics = [i for i, t in enumerate(texts.TOPICS) for _ in range(t[1])]
        self.hour_table = [h for h, w in enumerate(HOUR_WEIGHTS) for _ in range(w)]
        self.app_ends = _table(APPLICATION_END)
        self.limits = {(t, u): time_limit(t, urgent=u) for t in TYPE_MIX for u in (False, True)}
        self.streets = [(s.id, s.parent_id, s.name) for s in city.streets]
        self.hotline = city.dispatcher_id

    # -- shared arithmetic ----------------------------------------------------------------

    @cache  # noqa: B019 - one generator per run; the memo goes with it
    def _handle_due(self, day: dt.date, days: int):
        due = handling_due(self.cal, day, days)
        return due.due, clock.end_of_day(due.due), due.provisional

    @cache  # noqa: B019 - one generator per run; the memo goes with it
    def _office(self, hour_start: dt.datetime, minutes: int) -> dt.datetime:
        return add_office_time(self.cal, hour_start, dt.timedelta(minutes=minutes), self.hours)

    @cache  # noqa: B019 - one generator per run; the memo goes with it
    def _working(self, day: dt.date, days: int):
        due = self.cal.add_working_days(day, days)
        return due.due, due.provisional

    def _name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.6 else "")

    def _moment(self, i: int, n: int) -> dt.datetime:
        day = self.start + dt.timedelta(days=int(i * 365 / n))
        return day + dt.timedelta(hours=self.rng.choice(self.hour_table), minutes=self.rng.randrange(60), seconds=self.rng.randrange(60))

    # -- work orders ----------------------------------------------------------------------

    def workorders(self, first_id: int, start: int, stop: int, total: int, open_from: int) -> Batch:
        """Cases ``start`` … ``stop - 1`` of ``total`` (ids from ``first_id + start``)."""
        r, now = self.rng, self.now
        wos, followups, clocks = [], [], []
        for i in range(start, stop):
            pk = first_id + i
            topic = texts.TOPICS[r.choice(self.topics)]
            target, _, topic_type, title_t, content_t = topic
            kind = topic_type if r.random() < 0.8 else r.choice(self.types)
            urgent = r.random() < 0.02
            street_id, district_id, street_name = r.choice(self.streets)
            place = street_name + r.choice(texts.PLACES_ROADS)
            slots = {"place": place, "shop": r.choice(texts.SHOPS), "n": r.randrange(2, 30), "when": r.choice(texts.WHEN)}
            title, content = texts.render(title_t, **slots), texts.render(content_t, **slots)
            received = min(self._moment(i, total), now - dt.timedelta(minutes=1))
            limit = self.limits[(kind, urgent)]
            start_day = clock.local(received).date()
            due_on, due_at, provisional = self._handle_due(start_day, limit.handle_days)
            force_open = i >= open_from
            direct = kind == "consultation" and not force_open and r.random() < 0.55
            department = None if direct else (street_id if target == texts.STREET else self.city.bureaus[target].id)
            row = dict(
                id=pk,
                type=kind,
                urgent=urgent,
                channel=r.choice(self.channels),
                title=title[:200],
                title_masked=title[:200],  # generated titles name no requester
                content=content,
                requester_anonymous=False,
                requester_name=self._name(),
                requester_phone=f"13{r.randrange(10**9):09d}",
                requester_email="",
                requester_id_number="",
                requester_address="",
                requester_organization="",
                requester_uscc="",
                location_address=place,
                area_id=street_id,
                received_at=received,
                received_by_id=self.hotline,
                external_id="",
                email_message_id="",
                query_code=f"{r.randrange(36**6):06d}"[-6:],
                status="received",
                round=1,
                dispatch_count=0,
                department_id=department,
                dispatched_at=None,
                dispatched_by_id=None,
                sign_minutes=None,
                sign_due_at=None,
                signed_at=None,
                signed_by_id=None,
                handle_started_on=start_day,
                handle_days=limit.handle_days,
                due_on=due_on,
                due_at=due_at,
                provisional=provisional,
                replied_at=None,
                replied_by_id=None,
                reply_content="",
                closed_at=None,
                closed_by_id=None,
                close_result="",
                created_at=received,
                updated_at=received,
            )
            handle_clock = [
                "workorders.workorder",
                pk,
                "workorder.handle",
                1,
                department,
                None,
                start_day,
                limit.handle_days or None,
                due_on,
                due_at,
                provisional,
                "running",
                None,
                None,
                received,
                received,
            ]
            clocks.append(handle_clock)
            handler = self.city.handlers.get(department) if department else None
            if direct:
                replied = received + dt.timedelta(minutes=r.randrange(5, 40))
                row.update(status="answered_directly", replied_at=replied, replied_by_id=self.hotline, reply_content=texts.REPLIES[kind])
                self._close(row, handle_clock, None, replied, followups=None)
                wos.append(row)
                continue
            dispatched = received + dt.timedelta(minutes=r.randrange(10, 180))
            if dispatched >= now:
                wos.append(row)
                continue
            minutes = int(limit.sign_duration.total_seconds() // 60)
            sign_due = self._office(dispatched.replace(minute=0, second=0, microsecond=0), minutes)
            row.update(
                status="dispatched",
                dispatch_count=1,
                dispatched_at=dispatched,
                dispatched_by_id=self.hotline,
                sign_minutes=minutes,
                sign_due_at=sign_due,
                updated_at=dispatched,
            )
            sign_clock = [
                "workorders.workorder",
                pk,
                "workorder.sign",
                1,
                department,
                None,
                clock.local(dispatched).date(),
                None,
                clock.local(sign_due).date(),
                sign_due,
                False,
                "running",
                None,
                None,
                dispatched,
                dispatched,
            ]
            clocks.append(sign_clock)
            late_sign = r.random() < 0.06
            signed = (sign_due + dt.timedelta(hours=r.randrange(1, 30))) if late_sign else dispatched + (sign_due - dispatched) * r.random()
            if signed >= now:
                wos.append(row)
                continue
            row.update(status="signed", signed_at=signed, signed_by_id=handler, updated_at=signed)
            sign_clock[11:16] = ["stopped", signed, signed <= sign_due, dispatched, signed]
            if force_open:
                wos.append(row)
                continue
            late = r.random() < 0.07
            span = max(due_at - signed, dt.timedelta(hours=2))
            replied = due_at + dt.timedelta(hours=r.randrange(2, 120)) if late else signed + span * (0.2 + 0.8 * r.random())
            if replied >= now:
                wos.append(row)
                continue
            row.update(status="replied", replied_at=replied, replied_by_id=handler, reply_content=texts.REPLIES[kind], updated_at=replied)
            self._close(row, handle_clock, department, replied, followups=followups)
            wos.append(row)
        return Batch([[w[c] for c in WO_COLUMNS] for w in wos], followups, clocks)

    def _close(self, row: dict, handle_clock: list, department, replied: dt.datetime, *, followups: list | None) -> None:
        """Stop the handle clock at the answer; the office calls back and closes a day or
        three later (unless that is still ahead)."""
        r, pk = self.rng, row["id"]
        handle_clock[11:16] = ["stopped", replied, replied <= row["due_at"], row["created_at"], replied]
        closed = replied + dt.timedelta(hours=r.randrange(2, 72))
        if closed >= self.now:
            return
        row.update(status="closed", closed_at=closed, closed_by_id=self.hotline, close_result="已回访，办结", updated_at=closed)
        if followups is not None:
            reached = r.random() < 0.93
            satisfaction = r.choice(self.satisfaction) if reached else ""
            resolved = (r.random() < 0.86) if reached else None
            fault = None if satisfaction not in ("dissatisfied", "very_dissatisfied") else r.random() < 0.5
            followups.append((pk, 1, department, reached, resolved, satisfaction, fault, "", self.hotline, closed))

    # -- applications ---------------------------------------------------------------------

    def applications(self, first_id: int, start: int, stop: int, total: int) -> tuple[list, list]:
        r, today = self.rng, clock.local(self.now).date()
        apps, clocks = [], []
        versions = self.city.versions
        for i in range(start, stop):
            pk = first_id + i
            v = versions[r.randrange(len(versions))]
            received = self._moment(i, total)
            received_on = clock.local(received).date()
            accepted_on = received_on
            legal_due, provisional = self._working(accepted_on, v.legal_limit_days)
            committed_due, _ = self._working(accepted_on, v.committed_limit_days)
            end = r.choice(self.app_ends)
            decided_on = received_on + dt.timedelta(days=int((committed_due - received_on).days * (0.3 + 0.8 * r.random())))
            if end in ("completed_on_spot", "not_accepted"):
                decided_on = received_on
            status = end if decided_on < today else "accepted"
            is_open = status == "accepted"
            handler = self.city.handlers.get(v.department_id)
            apps.append(
                [
                    pk,
                    f"BN{received_on:%Y%m%d}{pk:08d}",
                    f"{r.randrange(36**8):08d}"[-8:],
                    v.item_id,
                    v.id,
                    v.department_id,
                    status,
                    "window",
                    self._name(),
                    "resident_id",
                    f"370102{r.randrange(10**12):012d}",
                    f"13{r.randrange(10**9):09d}",
                    "",
                    '["SQS", "SFZ"]',
                    received_on,
                    None,
                    handler,
                    None,
                    accepted_on if end != "not_accepted" else None,
                    False,
                    0,
                    legal_due if end != "not_accepted" else None,
                    committed_due if end != "not_accepted" else None,
                    committed_due if is_open else None,
                    provisional,
                    None if is_open else decided_on,
                    "" if end not in ("denied", "not_accepted") else "不符合法定条件",
                    "",
                    None if is_open else handler,
                    None,
                    None,
                    received,
                    received,
                ]
            )
            if end in ("completed_on_spot", "not_accepted"):
                continue
            due_at = clock.end_of_day(legal_due)
            stopped = None if is_open else clock.end_of_day(decided_on) - dt.timedelta(hours=6)
            clocks.append(
                [
                    "applications.application",
                    pk,
                    "application.decision",
                    1,
                    v.department_id,
                    handler,
                    accepted_on,
                    v.legal_limit_days,
                    legal_due,
                    due_at,
                    provisional,
                    "running" if is_open else "stopped",
                    stopped,
                    None if is_open else stopped <= due_at,
                    received,
                    stopped or received,
                ]
            )
        return apps, clocks
