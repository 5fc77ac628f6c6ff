// A small command-line parser for the annuaire subcommands:
// `--name value`, `--name=value`, boolean `--flag`, and positional arguments.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace annuaire::util {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // value_options take a value; flag_options do not. Throws UsageError on an unknown option.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
         const std::set<std::string>& flag_options);

    std::optional<std::string> value(const std::string& name) const;
    std::string required(const std::string& name) const;
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    const std::vector<std::string>& positional() const { return positional_; }
    std::vector<std::string> values(const std::string& name) const;
    // Parses an option as a number in [min, max], naming it on error.
    double number(const std::string& name, double fallback, double min, double max) const;

private:
    std::multimap<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

}  // namespace annuaire::util
