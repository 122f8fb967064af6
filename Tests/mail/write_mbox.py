"""Writes the .eml files of a folder into an mbox with Python's own mailbox module (an independent writer).

Usage: write_mbox.py FOLDER OUT.mbox — the files are added in name order.
"""
import email
import email.policy
import mailbox
import os
import sys

folder, out = sys.argv[1], sys.argv[2]
box = mailbox.mbox(out, create=True)
box.lock()
try:
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            box.add(mailbox.mboxMessage(email.message_from_binary_file(f, policy=email.policy.compat32)))
    box.flush()
finally:
    box.unlock()
    box.close()
