#include "commands.hpp"

#include <pwd.h>
#include <unistd.h>

namespace annuaire::commands {

std::string command_line_actor(const std::string& command) {
    const auto* user = getpwuid(geteuid());
    return command + " (" + (user && user->pw_name ? std::string(user->pw_name) : "uid " + std::to_string(geteuid())) + ")";
}

}  // namespace annuaire::commands
