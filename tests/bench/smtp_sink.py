"""The SMTP server of the sweep benchmark: the fault suite's sink (aiosmtpd), in a
process of its own so that it does not share a GIL with the benchmark. Listens on
the port given; on SIGTERM writes what it received (copies included) and the CPU
seconds it spent meanwhile to the file given, as JSON."""

import json
import resource
import signal
import sys
import threading
from pathlib import Path

from tests.faults.smtp import SmtpServer


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    port, report = int(sys.argv[1]), Path(sys.argv[2])
    server = SmtpServer()
    server.port = port
    server.controller.port = port
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    started = cpu_seconds()
    print("ready", flush=True)
    stop.wait()
    sink = server.sink
    report.write_text(
        json.dumps(
            {
                "received": sink.count(),
                "distinct": len(sink.unique()),
                "connections": sink.connections,
                "cpu": cpu_seconds() - started,
            }
        )
    )
    server.stop()


if __name__ == "__main__":
    main()
