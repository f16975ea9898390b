"""Every action the audit log records, with the words staff read for it on a case's audit page.

complaints.services.audit.audit_record refuses a name that is not here, so a new kind of audit row
cannot be written without a label; tests/unit/test_audit_actions.py checks that every name the code
passes to audit_record is registered. Names are stored in AuditEvent.action and never renamed: rows
written under an old name keep it.
"""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    # accounts
    "account.sign_up": _("注册账号"),
    "account.password_change": _("修改了密码"),
    "account.password_reset_with_recovery_code": _("用恢复码重设了密码"),
    "account.locked_out": _("密码或验证码输错太多次，账号暂时锁定"),
    "account.delete": _("注销了账号"),
    "account.otp_enrol": _("设置了两步验证"),
    # the case and its sharing
    "case.create": _("建立案件"),
    "case.import": _("从案件文件导入案件"),
    "case.section_update": _("修改案件信息"),
    "case.log_summary_applied": _("根据骚扰记录更新案件信息"),
    "case.priority_refresh": _("优先级重新计算"),
    "case.share": _("分享给法律援助机构"),
    "case.share_withdraw": _("撤回分享"),
    "case.share_joint_consent": _("同意纳入联合投诉"),
    "case.share_joint_consent_withdraw": _("撤回纳入联合投诉的同意"),
    "case.delete": _("删除了案件"),
    "case.check_in": _("回答回访：骚扰是否停止"),
    # staff work on a case
    "case.staff_view": _("工作人员查看案件"),
    "case.note_add": _("添加备注"),
    "case.assign": _("分配负责人"),
    "case.status_change": _("更改状态"),
    "case.walk_in_open": _("为来访者建案"),
    "case.claim_code_issue": _("生成认领码"),
    "case.claim": _("求助人认领案件"),
    # evidence (downloaded, previewed and embedded are evidence_open_verified's purposes)
    "evidence.uploaded": _("上传证据文件"),
    "evidence.import": _("随案件文件导入证据文件"),
    "evidence.described": _("修改证据说明"),
    "evidence.deleted": _("删除证据文件"),
    "evidence.downloaded": _("下载证据文件"),
    "evidence.previewed": _("预览证据文件"),
    "evidence.embedded": _("证据文件放入文书或证据目录"),
    "evidence.read_for_import": _("读取证据文件以导入短信"),
    "evidence.read_for_ocr": _("读取截图中的文字（OCR）"),
    "evidence.integrity_failed": _("证据文件校验失败"),
    # evidence from third parties (complaints.services.third_party)
    "evidence_link.created": _("生成了供他人上传证据的链接"),
    "evidence_link.revoked": _("撤回了供他人上传证据的链接"),
    "evidence.third_party_uploaded": _("他人通过链接上传了证据文件（待借款人采纳）"),
    "evidence.third_party_downloaded": _("查看了他人提供、待采纳的证据文件"),
    "evidence.third_party_accepted": _("采纳了他人提供的证据文件"),
    "evidence.third_party_rejected": _("拒收了他人提供的证据文件（文件已删除）"),
    # the harassment log
    "log_entry.created": _("新增一条骚扰记录"),
    "log_entry.updated": _("修改了一条骚扰记录"),
    "log_entry.deleted": _("删除了一条骚扰记录"),
    "log.import": _("随案件文件导入骚扰记录"),
    "log.imported": _("导入短信记录"),
    "log.confirmed": _("确认导入的骚扰记录"),
    "log.discarded": _("舍弃导入的骚扰记录"),
    "log.staff_view": _("工作人员查看骚扰记录"),
    # messages read from screenshots, waiting for the borrower
    "screenshot.read_queued": _("截图排队等待读取"),
    "screenshot.read": _("从截图中读出待确认的消息"),
    "screenshot_proposal.confirmed": _("确认从截图读出的消息，加入骚扰记录"),
    "screenshot_proposal.discarded": _("丢弃从截图读出的消息"),
    # letters
    "letter.edit": _("修改文书内容"),
    "letter.generate": _("生成文书"),
    "letter.mailing": _("登记邮寄"),
    "letter.reply": _("登记答复"),
    "letter.staff_view": _("工作人员查看文书"),
    # the clinic
    "clinic.staff_add": _("添加工作人员账号"),
    "clinic.staff_role": _("更改工作人员角色"),
    "clinic.staff_password_reset": _("重设工作人员密码"),
    "clinic.staff_deactivate": _("停用工作人员"),
    "clinic.staff_unlock": _("解除工作人员的登录锁定"),
    "clinic.staff_otp_reset": _("重置工作人员的两步验证"),
    "collector.export": _("导出联合投诉材料"),
    "mailing.print": _("打印待寄文书"),
    # background work (complaints.tasks)
    "job.started": _("开始后台处理"),
    "letters.bundle": _("一次生成全部文书并打包下载"),
    "letters.cases_bundle": _("为所选的多个案件生成文书并打包下载"),
    "retention.purge": _("按保存期限删除过期的临时数据"),
}


class UnknownAuditAction(ValueError):
    """An audit row was about to be written under a name the registry does not know."""


def audit_action_check(action: str) -> str:
    """`action` itself, when registered; UnknownAuditAction otherwise."""
    if action not in AUDIT_ACTIONS:
        raise UnknownAuditAction(
            f"unknown audit action {action!r}: register it, with its label, in complaints.audit_actions.AUDIT_ACTIONS")
    return action


def audit_action_label(action: str) -> str:
    """The words for `action`; a name no longer registered (an old row) shows as recorded."""
    return AUDIT_ACTIONS.get(action, action)
