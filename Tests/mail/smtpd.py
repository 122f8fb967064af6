#!/usr/bin/env python3
"""A real SMTP server on loopback for Tend's tests (aiosmtpd): optional AUTH, STARTTLS or TLS from
the first byte, a recipient it refuses, and every message it accepts saved as a file.

    python3 Tests/mail/smtpd.py --out DIR [--port N] [--user U --password P] [--starttls | --tls]
        [--cert CERT --key KEY] [--refuse @refused.example] [--delay SECONDS]

Prints "listening PORT" once it accepts connections, then serves until stdin closes or it is killed.
"""
import argparse, asyncio, os, random, socket, ssl, sys, threading, time, uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Saver:
    def __init__(self, out, refuse, delay):
        self.out, self.refuse, self.delay = out, refuse, delay
        self.accepted = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address.endswith(self.refuse):
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay and self.accepted > 0:
            # A slow server, so a test can stop a client in the middle of sending: the first message is accepted at
            # once, every later one after `delay` seconds. Like a real MTA, a message whose client went away before
            # the reply is not accepted.
            await asyncio.sleep(self.delay)
            if server.transport is None or server.transport.is_closing():
                return "451 4.3.0 the client went away"
        self.accepted += 1
        name = os.path.join(self.out, "%d-%s.eml" % (time.time_ns(), uuid.uuid4().hex[:8]))
        with open(name + ".part", "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(name + ".part", name)
        return "250 2.0.0 queued as %s" % os.path.basename(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--tls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--refuse")
    p.add_argument("--delay", type=float, default=0, help="seconds before each message after the first is accepted")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    context = None
    if a.starttls or a.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)

    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login.decode() == a.user and data.password.decode() == a.password
        return AuthResult(success=ok, handled=False)

    kwargs = dict(hostname="127.0.0.1", port=a.port or free_port(), server_hostname="localhost", ready_timeout=10)
    if a.user:
        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=bool(context and a.starttls))
    if a.starttls:
        kwargs.update(tls_context=context, require_starttls=True)
    if a.tls:
        kwargs.update(ssl_context=context)
    controller = Controller(Saver(a.out, a.refuse, a.delay), **kwargs)
    controller.start()
    print("listening %d" % controller.port, flush=True)
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    controller.stop()


if __name__ == "__main__":
    main()
