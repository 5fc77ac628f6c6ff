// GET /api/v1/export?format=csv|geojson|gpkg (+ filters). For now the file is gathered
// into the response body; the HTTP layer will stream it (PreparedExport writes to any sink).
#include "handlers/handlers.hpp"

#include "search/query_parser.hpp"

namespace annuaire::handlers {

namespace {

class StringSink final : public search::ByteSink {
public:
    explicit StringSink(std::string& out) : out_(out) {}
    void write(std::string_view bytes) override { out_.append(bytes); }

private:
    std::string& out_;
};

}  // namespace

http::Response export_file(SearchService& service, const http::Request& request) {
    auto prepared = service.prepare_export(search::parse_export_query(request.params));
    http::Response response;
    response.content_type = prepared.plan().content_type;
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + prepared.plan().file_name + "\"");
    StringSink sink(response.body);
    prepared.write(sink);
    return response;
}

}  // namespace annuaire::handlers
