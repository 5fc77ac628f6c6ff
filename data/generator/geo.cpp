#include "geo.hpp"

#include <stdexcept>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>
#include <proj.h>

namespace gen {

void Transform::ContextDeleter::operator()(pj_ctx* ctx) const noexcept { proj_context_destroy(ctx); }
void Transform::PjDeleter::operator()(PJconsts* pj) const noexcept { proj_destroy(pj); }

Transform::Transform(const std::string& from, const std::string& to) : ctx_(proj_context_create()) {
    if (!ctx_) throw std::runtime_error("proj_context_create failed");
    std::unique_ptr<PJconsts, PjDeleter> raw(proj_create_crs_to_crs(ctx_.get(), from.c_str(), to.c_str(), nullptr));
    if (!raw) throw std::runtime_error("cannot create transformation " + from + " -> " + to);
    pj_.reset(proj_normalize_for_visualization(ctx_.get(), raw.get()));
    if (!pj_) throw std::runtime_error("proj_normalize_for_visualization failed for " + from + " -> " + to);
}

Transform::~Transform() = default;
Transform::Transform(Transform&&) noexcept = default;
Transform& Transform::operator=(Transform&&) noexcept = default;

XY Transform::forward(XY p) const {
    PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
    c = proj_trans(pj_.get(), PJ_FWD, c);
    return {c.xy.x, c.xy.y};
}

XY Transform::inverse(XY p) const {
    PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
    c = proj_trans(pj_.get(), PJ_INV, c);
    return {c.xy.x, c.xy.y};
}

namespace {

void project_ring(OGRLinearRing& ring, const Transform& t) {
    for (int i = 0; i < ring.getNumPoints(); ++i) {
        XY p = t.forward({ring.getX(i), ring.getY(i)});
        ring.setPoint(i, p.x, p.y);
    }
}

void project_geometry(OGRGeometry& g, const Transform& t) {
    if (auto* poly = dynamic_cast<OGRPolygon*>(&g)) {
        for (auto* ring : *poly) project_ring(*ring, t);
    } else if (auto* multi = dynamic_cast<OGRMultiPolygon*>(&g)) {
        for (auto* p : *multi) project_geometry(*p, t);
    } else {
        throw std::runtime_error("commune contour is neither Polygon nor MultiPolygon");
    }
}

OGRPreparedGeometryUniquePtr prepare(const OGRGeometry& g) {
    OGRPreparedGeometryUniquePtr p(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g))));
    if (!p) throw std::runtime_error("OGR prepared geometries need GEOS support");
    return p;
}

bool ring_contains(const OGRLinearRing& ring, double x, double y) {
    bool inside = false;
    const int n = ring.getNumPoints();
    for (int i = 0, j = n - 1; i < n; j = i++) {
        const double xi = ring.getX(i), yi = ring.getY(i), xj = ring.getX(j), yj = ring.getY(j);
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
}

bool polygon_contains(const OGRPolygon& poly, double x, double y) {
    if (poly.IsEmpty() || !ring_contains(*poly.getExteriorRing(), x, y)) return false;
    for (int i = 0; i < poly.getNumInteriorRings(); ++i)
        if (ring_contains(*poly.getInteriorRing(i), x, y)) return false;
    return true;
}

}  // namespace

Contour::Contour(std::string insee, std::unique_ptr<OGRGeometry> wgs84, const Transform& to_l93)
    : insee_(std::move(insee)), wgs84_(std::move(wgs84)) {
    l93_.reset(wgs84_->clone());
    project_geometry(*l93_, to_l93);
    l93_->getEnvelope(&env_l93_);
    prepared_wgs84_ = prepare(*wgs84_);
    prepared_l93_ = prepare(*l93_);
}

bool Contour::contains_l93(double x, double y) const {
    OGRPoint p(x, y);
    return OGRPreparedGeometryContains(prepared_l93_.get(), OGRGeometry::ToHandle(&p));
}

bool Contour::contains_l93(const OGRGeometry& g) const {
    return OGRPreparedGeometryContains(prepared_l93_.get(), OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
}

bool Contour::contains_wgs84(double lon, double lat) const {
    OGRPoint p(lon, lat);
    return OGRPreparedGeometryContains(prepared_wgs84_.get(), OGRGeometry::ToHandle(&p));
}

std::vector<Contour> load_contours(const std::string& path, const Transform& to_l93) {
    GDALAllRegister();
    struct DatasetCloser {
        void operator()(GDALDataset* ds) const noexcept { GDALClose(GDALDataset::ToHandle(ds)); }
    };
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw std::runtime_error("cannot open contours " + path);
    OGRLayer* layer = ds->GetLayer(0);
    if (!layer) throw std::runtime_error("no layer in " + path);
    std::vector<Contour> out;
    for (auto& feature : *layer) {
        const char* code = feature->GetFieldAsString("code");
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!code || !*code || !g) throw std::runtime_error(path + ": feature without code or geometry");
        out.emplace_back(code, std::unique_ptr<OGRGeometry>(g->clone()), to_l93);
    }
    return out;
}

bool point_in_geometry(const OGRGeometry& g, double lon, double lat) {
    if (const auto* poly = dynamic_cast<const OGRPolygon*>(&g)) return polygon_contains(*poly, lon, lat);
    if (const auto* multi = dynamic_cast<const OGRMultiPolygon*>(&g)) {
        for (const auto* p : *multi)
            if (polygon_contains(*p, lon, lat)) return true;
        return false;
    }
    return false;
}

}  // namespace gen
