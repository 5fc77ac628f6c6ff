#include "search/export.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <atomic>
#include <memory>
#include <stdexcept>

namespace annuaire::search {

namespace {

struct DatasetCloser {
    void operator()(void* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

struct FeatureDeleter {
    void operator()(OGRFeatureH feature) const { OGR_F_Destroy(feature); }
};

struct SrsDeleter {
    void operator()(OGRSpatialReferenceH srs) const { OSRRelease(srs); }
};

// Removes a /vsimem/ file (and, for GeoPackage, its journal) when the export is done.
struct MemFile {
    std::string path;
    ~MemFile() {
        VSIUnlink(path.c_str());
        VSIUnlink((path + "-journal").c_str());
        VSIUnlink((path + "-wal").c_str());
    }
};

std::string text(const nlohmann::json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

const char* const kColumns[] = {"id", "site_id", "last_name", "first_name", "profession_code", "profession",
                                "specialties", "site_name", "address", "postcode", "commune", "insee",
                                "phone", "lat", "lon", "precision"};

}  // namespace

ExportFile write_export(ExportFormat format, const std::vector<nlohmann::json>& rows) {
    static const bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    (void)registered;
    static std::atomic<unsigned long> counter{0};
    const char* driver_name = format == ExportFormat::csv ? "CSV" : format == ExportFormat::geojson ? "GeoJSON" : "GPKG";
    const char* extension = format == ExportFormat::csv ? "csv" : format == ExportFormat::geojson ? "geojson" : "gpkg";
    MemFile file{"/vsimem/annuaire-export-" + std::to_string(++counter) + "." + extension};

    GDALDriverH driver = GDALGetDriverByName(driver_name);
    if (!driver) throw std::runtime_error(std::string("GDAL driver ") + driver_name + " is missing");
    {
        DatasetPtr dataset(GDALCreate(driver, file.path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!dataset) throw std::runtime_error("GDAL cannot create " + file.path + ": " + CPLGetLastErrorMsg());
        std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsDeleter> srs(OSRNewSpatialReference(nullptr));
        OSRImportFromEPSG(srs.get(), 4326);
        OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
        char** options = nullptr;
        if (format == ExportFormat::csv) {
            options = CSLSetNameValue(options, "GEOMETRY", "AS_XY");
            options = CSLSetNameValue(options, "SEPARATOR", "COMMA");
        } else if (format == ExportFormat::geojson) {
            options = CSLSetNameValue(options, "RFC7946", "YES");
        }
        OGRLayerH layer = GDALDatasetCreateLayer(dataset.get(), "practitioners", srs.get(), wkbPoint, options);
        CSLDestroy(options);
        if (!layer) throw std::runtime_error(std::string("GDAL cannot create the layer: ") + CPLGetLastErrorMsg());
        for (const char* name : kColumns) {
            const bool real = std::string_view(name) == "lat" || std::string_view(name) == "lon";
            const bool integer = std::string_view(name) == "site_id";
            OGRFieldDefnH field = OGR_Fld_Create(name, real ? OFTReal : integer ? OFTInteger64 : OFTString);
            OGR_L_CreateField(layer, field, TRUE);
            OGR_Fld_Destroy(field);
        }
        if (format == ExportFormat::gpkg) GDALDatasetStartTransaction(dataset.get(), FALSE);
        for (const auto& row : rows) {
            std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDeleter> feature(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            std::string specialties;
            for (const auto& s : row["specialties"]) specialties += (specialties.empty() ? "" : "; ") + text(s["label"]);
            const auto& address = row["address"];
            const std::string values[] = {text(row["id"]), text(row["site_id"]), text(row["last_name"]),
                                          text(row["first_name"]), text(row["profession"]["code"]),
                                          text(row["profession"]["label"]), specialties, text(row["site_name"]),
                                          text(address["line"]), text(address["postcode"]), text(address["commune"]),
                                          text(address["insee"]), text(row["phone"])};
            for (int i = 0; i < 13; ++i) {
                if (i == 1) OGR_F_SetFieldInteger64(feature.get(), i, row["site_id"].get<long long>());
                else if (!values[i].empty()) OGR_F_SetFieldString(feature.get(), i, values[i].c_str());
            }
            const auto& location = row["location"];
            if (location.is_object()) {
                const double lat = location["lat"].get<double>(), lon = location["lon"].get<double>();
                OGR_F_SetFieldDouble(feature.get(), 13, lat);
                OGR_F_SetFieldDouble(feature.get(), 14, lon);
                OGR_F_SetFieldString(feature.get(), 15, text(location["precision"]).c_str());
                OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
                OGR_G_SetPoint_2D(point, 0, lon, lat);
                OGR_F_SetGeometryDirectly(feature.get(), point);
            }
            if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE) {
                throw std::runtime_error(std::string("GDAL cannot write a feature: ") + CPLGetLastErrorMsg());
            }
        }
        if (format == ExportFormat::gpkg) GDALDatasetCommitTransaction(dataset.get());
    }  // closing the dataset flushes it
    vsi_l_offset size = 0;
    GByte* bytes = VSIGetMemFileBuffer(file.path.c_str(), &size, FALSE);
    if (!bytes) throw std::runtime_error("GDAL wrote no export file");
    ExportFile out;
    out.bytes.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    out.file_name = std::string("praticiens.") + extension;
    out.content_type = format == ExportFormat::csv      ? "text/csv; charset=utf-8"
                       : format == ExportFormat::geojson ? "application/geo+json"
                                                         : "application/geopackage+sqlite3";
    return out;
}

}  // namespace annuaire::search
