/* SPDX-License-Identifier: MIT */
/* main.c: the sevenway program; everything is in cli.c and the core. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return sw_cli_main(argc, argv);
}
