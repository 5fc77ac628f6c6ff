// Writes a deterministic sample of owner declarations for the practices of a
// directory database (used for data/sample/declarations-m2a-generated.json):
// about 40 % of practices get some declared fields, most of those opening hours.
// The choice depends only on practitioner id and site key, so it is stable
// across machines and re-imports.
//
// Usage: annuaire-generate-declarations DB OUT.json
#include "owner/owner_fields.hpp"
#include "store/database.hpp"
#include "store/search_store.hpp"
#include "util/hash.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace {

// A stream of pseudo-random numbers seeded by a practice.
class Draw {
public:
    explicit Draw(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    bool chance(int percent) { return static_cast<int>(next() % 100) < percent; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t state_;
};

std::string clock(int minute) {
    char text[6];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: annuaire-generate-declarations DB OUT.json\n";
        return 2;
    }
    using namespace annuaire;
    try {
        store::Database db(argv[1], store::OpenMode::read_only);
        nlohmann::json practices = nlohmann::json::array();
        for (const auto& [practitioner, site_id, site_key, profession] : store::list_public_practices(db)) {
            (void)site_id;
            util::FieldHasher hasher;
            hasher.add(practitioner).add(site_key).add(profession).add("declarations-v1");
            Draw draw(static_cast<std::uint64_t>(hasher.value()));
            if (!draw.chance(40)) continue;
            nlohmann::json entry = {{"practitioner_id", practitioner}, {"site_key", site_key}};
            for (const auto& field : owner::kBooleanFields) {
                if (draw.chance(70)) entry[std::string(field.code)] = draw.chance(field.code == "telesoin" ? 20 : 60);
            }
            if (profession == "10" && draw.chance(80)) {
                entry["conventionnement"] = std::string(owner::kConventionnement[draw.below(4)].code);
            } else if (draw.chance(30)) {
                entry["conventionnement"] = "secteur_1";
            }
            nlohmann::json publics = nlohmann::json::array();
            for (const auto& p : owner::kPublics) {
                if (draw.chance(35)) publics.push_back(p.code);
            }
            if (!publics.empty()) entry["publics"] = publics;
            nlohmann::json acts = nlohmann::json::array();
            for (const auto& a : owner::kActs) {
                if (draw.chance(12)) acts.push_back(a.code);
            }
            if (!acts.empty()) entry["acts"] = acts;
            if (draw.chance(75)) {
                nlohmann::json hours = nlohmann::json::array();
                const int morning = 7 * 60 + 30 + static_cast<int>(draw.below(5)) * 30;   // 07:30 .. 09:30
                const int noon = 12 * 60 + static_cast<int>(draw.below(3)) * 30;           // 12:00 .. 13:00
                const int afternoon = 13 * 60 + 30 + static_cast<int>(draw.below(3)) * 30; // 13:30 .. 14:30
                const int evening = 17 * 60 + static_cast<int>(draw.below(6)) * 30;        // 17:00 .. 19:30
                const bool closed_wednesday_afternoon = draw.chance(40);
                for (int day = 1; day <= 5; ++day) {
                    hours.push_back({{"weekday", day}, {"opens", clock(morning)}, {"closes", clock(noon)}});
                    if (!(day == 3 && closed_wednesday_afternoon)) {
                        hours.push_back({{"weekday", day}, {"opens", clock(afternoon)}, {"closes", clock(evening)}});
                    }
                }
                if (draw.chance(30)) hours.push_back({{"weekday", 6}, {"opens", clock(9 * 60)}, {"closes", clock(12 * 60)}});
                entry["opening_hours"] = hours;
            }
            practices.push_back(std::move(entry));
        }
        const nlohmann::json document = {{"declared_by", "sample generator (annuaire-generate-declarations)"},
                                         {"declared_at", "2025-01-15T09:00:00Z"},
                                         {"practices", practices}};
        std::ofstream out(argv[2]);
        out << document.dump(1) << "\n";
        if (!out) throw std::runtime_error(std::string("cannot write ") + argv[2]);
        std::cerr << "declarations for " << practices.size() << " practices\n";
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "annuaire-generate-declarations: " << error.what() << "\n";
        return 1;
    }
}
