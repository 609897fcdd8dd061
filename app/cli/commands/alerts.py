"""mail and alerts: the organisation's SMTP server, and delivering lone-worker alerts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.alerts import mail, outbox
from app.cli.support import add_json_flag, cli_context, print_json
from app.errors import ValidationError

ORDER = 25


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    m = subparsers.add_parser("mail", parents=[common], help="outgoing e-mail for lone-worker alerts")
    m_sub = m.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    p = m_sub.add_parser("set", parents=[common], help="the organisation's SMTP server (password in the OS keyring)")
    p.add_argument("--host", required=True)
    p.add_argument("--port", required=True, type=int)
    p.add_argument("--user", default="", help="login name (none: no login)")
    p.add_argument("--tls", default="starttls", choices=list(mail.TLS_MODES))
    p.add_argument("--from", dest="sender", required=True, metavar="ADDR", help="sender address")
    add_json_flag(p)
    p.set_defaults(handler=_mail_set)
    p = m_sub.add_parser("test", parents=[common], help="send a test message")
    p.add_argument("--to", required=True, metavar="ADDR")
    add_json_flag(p)
    p.set_defaults(handler=_mail_test)

    a = subparsers.add_parser("alerts", parents=[common], help="lone-worker alerts")
    a_sub = a.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)
    p = a_sub.add_parser("run", parents=[common],
                         help="deliver every alert that is due now (for a scheduled task while the window is closed)")
    add_json_flag(p)
    p.set_defaults(handler=_alerts_run)


def _password(user: str) -> str | None:
    if not user:
        return None
    from_env = os.environ.get(mail.PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise ValidationError(f"Give the password at the prompt or in {mail.PASSWORD_ENV}.")
    return getpass.getpass(f"Password for {user}: ")


def _mail_set(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        settings = mail.save(ctx, host=args.host, port=args.port, sender=args.sender, user=args.user,
                             tls=args.tls, password=_password(args.user.strip()))
        if args.json:
            print_json(settings.as_json())
        else:
            login = f" as {settings.user} (password in the OS keyring)" if settings.user else " without login"
            print(f"Mail via {settings.host}:{settings.port} ({settings.tls}){login}, from {settings.sender}.")
    return 0


def _mail_test(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        to = mail.check_address(args.to)
        try:
            mail.send(mail.load(ctx), [to], "Duty Desk test message",
                      "This is a test from Duty Desk: lone-worker alerts from this laptop reach you.\n")
        except mail.MailError as exc:
            if args.json:
                print_json({"sent": False, "to": to, "error": str(exc)})
            else:
                print(f"dutydesk: {exc} The test message was not sent.", file=sys.stderr)
            return 1
        if args.json:
            print_json({"sent": True, "to": to, "error": None})
        else:
            print(f"Test message sent to {to}.")
    return 0


def print_report(report: outbox.RunReport) -> None:
    for item in report.sent:
        print(f"Alert sent ({item['kind']}) to {', '.join(item['to'])}.")
    for item in report.failed:
        print(f"ALERT NOT SENT ({item['kind']}) to {', '.join(item['to'])}: {item['error']} {outbox.NOBODY_TOLD}")


def _alerts_run(args: argparse.Namespace) -> int:
    with cli_context(args) as ctx:
        report = outbox.run(ctx)
        if args.json:
            print_json(report.as_json())
        else:
            print_report(report)
            if not report.sent and not report.failed:
                print("No alert is due.")
    return 1 if report.failed else 0
