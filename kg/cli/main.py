"""``kg``: parse the command line, run the command, turn every failure into a message and an exit code.

Exit codes: 0 success, 1 the graph violates the SHACL shapes (``kg path``: no path), 2 a usage or input
error, 3 the installation is incomplete (a file of the package is missing), 130 interrupted.
Nothing heavy is imported before a subcommand runs, so ``kg --help`` is instant.
"""

from __future__ import annotations

import sys

from kg.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    """Run ``kg`` with ``argv`` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    for message in getattr(args, "deprecations", []):
        print(f"kg {args.command}: warning: {message}", file=sys.stderr)
    from kg.errors import KgError

    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kg queries | head`: the reader left; say nothing more
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
