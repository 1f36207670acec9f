/* SPDX-License-Identifier: MIT */
/* cli.h: the command-line entry point, kept apart from main() for tests. */
#ifndef SW_CLI_H
#define SW_CLI_H

/* Run sevenway with argv; returns the exit status (0, 1 or 2). */
int sw_cli_main(int argc, char **argv);

#endif /* SW_CLI_H */
