#!/usr/bin/env python3
"""The demo program: a few file reads, a child process, and a greeting."""
import os
import subprocess

with open("/etc/hostname") as f:
    f.read()
os.listdir("/usr")
subprocess.run(["true"], check=True)
print("hello world")
