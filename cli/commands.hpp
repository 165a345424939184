// The subcommands; each takes the arguments after its name and returns the
// exit status, throwing cli::Error for problems.
#pragma once
#include "common.hpp"

namespace cli {
int cmd_hex(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_info(int argc, char **argv);
}  // namespace cli
