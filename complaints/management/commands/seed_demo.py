"""Synthetic cases at scale for the staff pages and their benchmark: `manage.py seed_demo --cases 100000`.

Realistic shapes, invented people: Chinese names, mobile numbers on every network, SMS ports, lenders
of every kind, collector numbers that recur across cases (a few numbers harass many clients, as in
life), about 20 log entries per case with night contacts and calls to family or employer, steps taken
with waiting periods. Triage fields are computed with the same pure functions the services use.
Rows are written with bulk_create in batches; every seeded login is named `seed-…` and every seeded
clinic ends in （合成数据）, so `--clear` removes exactly what this command made.
"""

import contextlib
import datetime as dt
import json
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction
from django.utils import timezone

from complaints.check_ins import RESULT_OF_ANSWER, Answer, check_in_next
from complaints.models import Case, CaseNumber, CaseShare, CheckIn, Clinic, ClinicMembership, LogEntry, User
from complaints.models.cases import new_reference
from complaints.services.collector_counts import collector_counts_rebuild
from complaints.services.numbers import shared_numbers_sync_cases
from complaints.triage import compute_priority, deadline_from_case_file
from guidance import clock
from guidance.analysis import analyse_log, analysis_to_json
from guidance.phones import phone_info

SEED_PREFIX = "seed-"
SEED_CLINIC_SUFFIX = "（合成数据）"
SEED_JOINT_CONSENT_TEXT = "我同意该机构把我的姓名、手机号和被骚扰的情况写入联合投诉材料。（合成数据）"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志强海燕红梅晓东春梅文斌俊杰子涵浩然欣怡梓萱宇轩雨桐"
LENDER_WORDS = ["恒信", "鑫源", "融通", "安泰", "众联", "速达", "盛和", "宏达", "华鑫", "汇金", "普惠", "佳信", "易贷", "快银", "金盈", "瑞丰",
                "嘉禾", "锦程", "乐享", "优卡", "天诚", "宝利", "合众", "亿融", "聚财", "诚达", "信和", "捷信", "永安", "丰汇"]
LENDER_KINDS = [("消费金融有限公司", "consumer_finance"), ("小额贷款有限公司", "microloan"), ("网络小额贷款有限公司", "microloan"),
                ("银行股份有限公司", "bank"), ("科技有限公司", "online_platform"), ("借", "unlicensed")]
MOBILE_PREFIXES = ["138", "139", "150", "158", "188", "130", "156", "186", "133", "189", "199", "170", "171", "165", "162", "192"]
TEXTS = ["再不还款就通知你全部联系人。", "今天下午五点前必须还清，否则后果自负。", "已经联系你单位领导了，你自己看着办。",
         "你的案件已移交法院，准备坐牢吧。", "我们会上门找你家人。", "逾期账单请立即处理。", "", ""]
CLINIC_COUNT = 6
NIGHT_HOURS = [21, 22, 23, 0, 1, 6, 7]
NUMBER_POOL = 20_000
LENDER_POOL = 120
BATCH = 2000


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _mobile(rng):
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _collector_number(rng):
    if rng.random() < 0.15:
        return "1069" + "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 10)))
    return _mobile(rng)


def _zipf_index(rng, size):
    """Small indexes far more often than large ones: a few collectors harass many clients."""
    return min(size - 1, int(size * rng.random() ** 3))


@contextlib.contextmanager
def _historic_timestamps():
    """Let seeded cases and shares carry dates spread over the past year (the weekly report needs them)."""
    fields = [Case._meta.get_field("created_at"), CaseShare._meta.get_field("consented_at")]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows (attname -> value; missing columns get their defaults) and return their ids in order.

    On PostgreSQL the ids are drawn from the table's sequence first and the rows go in through COPY,
    which takes a hundred thousand cases and two million log entries in minutes; elsewhere bulk_create.
    """
    if connection.vendor != "postgresql":
        return [obj.pk for obj in model.objects.bulk_create([model(**row) for row in rows], batch_size=500)]
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    defaults = {field.attname: now if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)
                else field.get_default() for field in fields if not field.primary_key}
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)])
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = {**defaults, **row, "id": pk}
                copy.write_row(tuple(_db_value(field, values[field.attname]) for field in fields))
    return ids


def _db_value(field, value):
    if isinstance(field, models.JSONField) and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


class Command(BaseCommand):
    help = "Create N synthetic cases (default 1000) with ~20 log entries each, shared with synthetic clinics; --clear removes them."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--logs-per-case", type=int, default=20)
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument("--clear", action="store_true", help="delete what earlier runs created, then stop")

    def handle(self, *args, cases, logs_per_case, seed, clear, **options):
        if clear:
            self._clear()
            return
        started = time.monotonic()
        self.today = clock.today()
        rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
        # Check-in answers from their own stream, so the rest of the data stays what the seed made before they existed.
        self.check_in_rng = random.Random(seed + 1)  # noqa: S311
        clinics = self._clinics()
        numbers = []
        for _ in range(NUMBER_POOL):
            info = phone_info(_collector_number(rng))
            numbers.append((info.normalized, info.kind, info.carrier))
        lenders = [(rng.choice(LENDER_WORDS) + rng.choice(LENDER_WORDS) + suffix, kind)
                   for suffix, kind in (rng.choice(LENDER_KINDS) for _ in range(LENDER_POOL))]
        password = make_password(None)
        first_user = User.objects.filter(username__startswith=SEED_PREFIX + "client-").count()
        made = 0
        with _historic_timestamps():
            while made < cases:
                size = min(BATCH, cases - made)
                self._batch(rng, size, first_user + made, clinics, numbers, lenders, logs_per_case, password)
                made += size
                self.stdout.write(f"  {made}/{cases} cases ({time.monotonic() - started:.0f} s)")
        self.stdout.write(self.style.SUCCESS(f"Seeded {cases} cases in {time.monotonic() - started:.0f} s."))

    def _clinics(self):
        clinics = []
        for index in range(CLINIC_COUNT):
            clinic, _ = Clinic.objects.get_or_create(name=f"合成法律援助工作站{index + 1}{SEED_CLINIC_SUFFIX}",
                                                     defaults={"phone": "020-00000000", "address": "演示地址（合成数据）"})
            clinics.append(clinic)
            username = f"{SEED_PREFIX}staff-{index + 1}"
            if not User.objects.filter(username=username).exists():
                user = User.objects.create_user(username=username, password=None, first_name=f"工作人员{index + 1}")
                ClinicMembership.objects.create(user=user, clinic=clinic, role=ClinicMembership.Role.CLINIC_ADMIN)
        return clinics

    @transaction.atomic
    def _batch(self, rng, size, offset, clinics, numbers, lenders, logs_per_case, password):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Synthetic rows: a crash may lose the last batch, which is harmless and saves a disk flush per batch.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        user_ids = _insert(User, [
            {"username": f"{SEED_PREFIX}client-{offset + index}", "password": password, "phone": f"+86{_mobile(rng)}",
             "is_active": True, "date_joined": timezone.now()}
            for index in range(size)
        ])
        staff_by_clinic = {membership.clinic_id: membership.user_id for membership in
                           ClinicMembership.objects.filter(clinic__in=clinics)}
        plans = [self._case_plan(rng, user_id, numbers, lenders, logs_per_case, clinics) for user_id in user_ids]
        for plan in plans:
            case = plan["case"]
            plan["check_ins"] = self._check_ins(case["data"])
            analysis = analyse_log(plan["log"])
            deadline = deadline_from_case_file(case["data"], today=self.today)
            priority = compute_priority(case["data"], analysis, today=self.today, next_deadline=deadline)
            check_in = check_in_next(case["data"], plan["check_ins"], today=self.today, practical_days=settings.CHECK_IN_PRACTICAL_DAYS,
                                     again_days=settings.CHECK_IN_AGAIN_DAYS)
            case.update(priority=priority.score, priority_reason=priority.code, next_deadline=deadline,
                        check_in_due_on=check_in.due_on if check_in else None, log_summary=analysis_to_json(analysis))
            if rng.random() < 0.4:
                case["assignee_id"] = staff_by_clinic.get(plan["clinic"].pk)
        case_ids = _insert(Case, [plan["case"] for plan in plans])
        # Nine clients in ten also agreed to joint complaints (so the export has rows and the page has left-out counts);
        # chosen by position, not by rng, so the rest of the data stays what the seed made before.
        _insert(CaseShare, [{"case_id": case_id, "clinic_id": plan["clinic"].pk, "consented_by_id": plan["case"]["owner_id"],
                                         "consented_at": plan["case"]["created_at"], "consent_text": "我同意该机构查看并处理我的案件。（合成数据）",
                                         **({"joint_consented_at": plan["case"]["created_at"], "joint_consented_by_id": plan["case"]["owner_id"],
                                             "joint_consent_text": SEED_JOINT_CONSENT_TEXT} if (offset + index) % 10 else {})}
                                        for index, (plan, case_id) in enumerate(zip(plans, case_ids, strict=True))])
        _insert(CaseNumber, [{"case_id": case_id, "number": number, "kind": kind, "carrier": carrier}
                             for plan, case_id in zip(plans, case_ids, strict=True) for number, kind, carrier in plan["numbers"]])
        # The index the staff number counts read, written by the services' own sync.
        shared_numbers_sync_cases(case_ids)
        _insert(LogEntry, [{**item, "case_id": case_id} for plan, case_id in zip(plans, case_ids, strict=True) for item in plan["log"]])
        _insert(CheckIn, [{"case_id": case_id, "action": answer.action, "step_on": dt.date.fromisoformat(answer.step_on), "target": "",
                           "answer": answer.answer, "answered_on": answer.answered_on, "answered_by_id": plan["case"]["owner_id"],
                           "by_staff": False, "created_at": timezone.now()}
                          for plan, case_id in zip(plans, case_ids, strict=True) for answer in plan["check_ins"]])

    def _check_ins(self, data) -> list[Answer]:
        """Answers to the check-ins of a case's steps, as borrowers give them: the collector's demand went on; the
        lender complaint, once its period ended, stopped for some, went on for others, unanswered for a third.
        The steps' results in `data` are made to say the same."""
        rng, answers = self.check_in_rng, []
        for step in data.get("steps_taken") or ():
            on = dt.date.fromisoformat(step["on"])
            answered_on = on + dt.timedelta(days=rng.randint(7, 25))
            if answered_on > self.today or (step["action"] == "complain_lender" and rng.random() < 0.35):
                continue
            answer = "continued" if step.get("result") == "continued" else rng.choices(["stopped", "continued", "worse"], [6, 3, 1])[0]
            step["result"] = RESULT_OF_ANSWER[answer]
            answers.append(Answer(step["action"], step["on"], "", answer, answered_on))
        return answers

    def _case_plan(self, rng, user_id, numbers, lenders, logs_per_case, clinics):
        name = _name(rng)
        lender_name, lender_kind = lenders[_zipf_index(rng, len(lenders))]
        case_numbers = list({numbers[_zipf_index(rng, len(numbers))] for _ in range(rng.randint(1, 3))})
        targets = ["self", *rng.sample(["family", "contacts", "employer", "other_third_party"], k=rng.choice([0, 0, 1, 2]))]
        contents = rng.sample(["threat_exposure", "insult", "false_legal_threat", "disclose_debt"], k=rng.randint(0, 2))
        if rng.random() < 0.05:
            contents.append("threat_violence")
        opened = self.today - dt.timedelta(days=rng.randint(0, 365))
        first_seen = opened - dt.timedelta(days=rng.randint(1, 60))
        borrower_phone = f"+86{_mobile(rng)}"
        data = {
            "borrower": {"name": name, "phone": borrower_phone},
            "lender": {"name": lender_name, "kind": lender_kind},
            "collector": {"kind": rng.choice(["outsourced_agency", "lender_itself", "unknown"]), "numbers": [n for n, _k, _c in case_numbers]},
            "safety": {"in_danger_now": rng.random() < 0.02},
            "harassment": {"channels": rng.sample(["sms", "call", "wechat", "verification_code_bombing"], k=rng.randint(1, 3)),
                           "targets": targets, "content": contents, "first_seen": first_seen.isoformat()},
            "wants": ["stop_harassment"],
        }
        if rng.random() < 0.3:
            # A complaint to the lender without reply starts the waiting period the deadlines page tracks.
            complained = self.today - dt.timedelta(days=rng.randint(0, 40))
            data["steps_taken"] = [
                {"action": "demand_collector_stop", "on": (complained - dt.timedelta(days=rng.randint(3, 20))).isoformat(), "result": "continued"},
                {"action": "complain_lender", "on": complained.isoformat(), "result": "no_reply"},
            ]
        night_share = rng.choice([0, 0, 0, 0.05, 0.2, 0.5])
        log = []
        for _ in range(max(0, int(rng.gauss(logs_per_case, logs_per_case / 4)))):
            day = first_seen + dt.timedelta(days=rng.randint(0, max(1, (opened - first_seen).days)))
            hour = rng.choice(NIGHT_HOURS) if rng.random() < night_share else rng.randint(8, 20)
            at = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=clock.SHANGHAI)
            log.append({"at": at, "channel": rng.choice(["sms", "call", "call", "sms", "wechat"]),
                        "from_number": rng.choice(case_numbers)[0], "target": rng.choice(targets), "text": rng.choice(TEXTS)})
        created_at = min(timezone.now(), dt.datetime(opened.year, opened.month, opened.day, rng.randint(8, 20), rng.randrange(60), tzinfo=clock.SHANGHAI))
        case = {"reference": new_reference(), "owner_id": user_id, "data": data, "borrower_name": name, "borrower_phone": borrower_phone,
                "lender_name": lender_name,
                "lender_kind": lender_kind, "status": rng.choices(Case.Status.values, weights=[30, 20, 25, 15, 10])[0],
                "created_at": created_at, "tree_version": ""}
        # The first clinic gets half of all cases, so the benchmark measures a big clinic.
        clinic = clinics[0] if rng.random() < 0.5 else rng.choice(clinics[1:])
        return {"case": case, "numbers": case_numbers, "log": log, "clinic": clinic}

    def _clear(self):
        with transaction.atomic():
            deleted, _ = Case.objects.filter(owner__username__startswith=SEED_PREFIX).delete()
            User.objects.filter(username__startswith=SEED_PREFIX).delete()
            Clinic.objects.filter(name__endswith=SEED_CLINIC_SUFFIX).delete()
            # The cases went in bulk, past the services that keep the collector counts: count what is left.
            collector_counts_rebuild()
        self.stdout.write(f"Removed the seeded data ({deleted} rows).")
