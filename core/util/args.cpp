#include "util/args.hpp"

#include <charconv>

namespace annuaire::util {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
           const std::set<std::string>& flag_options) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            positional_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (value_options.count(name)) {
            if (inline_value) values_.emplace(name, *inline_value);
            else if (i + 1 < argv.size()) values_.emplace(name, argv[++i]);
            else throw UsageError("option --" + name + " needs a value");
        } else if (flag_options.count(name) && !inline_value) {
            flags_.insert(name);
        } else {
            throw UsageError("unknown option --" + name + " (see --help)");
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    return found->second;
}

std::string Args::required(const std::string& name) const {
    auto found = value(name);
    if (!found || found->empty()) throw UsageError("option --" + name + " is required (see --help)");
    return *found;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> result;
    auto [begin, end] = values_.equal_range(name);
    for (auto it = begin; it != end; ++it) result.push_back(it->second);
    return result;
}

double Args::number(const std::string& name, double fallback, double min, double max) const {
    const auto text = value(name);
    if (!text) return fallback;
    double parsed = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
    if (error != std::errc() || end != text->data() + text->size() || parsed < min || parsed > max) {
        throw UsageError("option --" + name + " must be a number between " + std::to_string(min) +
                         " and " + std::to_string(max) + ", got '" + *text + "'");
    }
    return parsed;
}

}  // namespace annuaire::util
