// The subcommands of the annuaire executable. Each returns the process exit
// code; usage errors throw util::UsageError, which main() reports.
#pragma once

#include <string>
#include <vector>

namespace annuaire::commands {

using Arguments = std::vector<std::string>;

int import_command(const Arguments& args);
int stats_command(const Arguments& args);
int serve_command(const Arguments& args);
int declare_command(const Arguments& args);
int geocode_command(const Arguments& args);
int pin_command(const Arguments& args);
int user_command(const Arguments& args);
int outbox_command(const Arguments& args);
int backup_command(const Arguments& args);

// Who a command that changes the database acts as, for the audit log: "annuaire declare (alice)",
// the system user running it.
std::string command_line_actor(const std::string& command);

}  // namespace annuaire::commands
