// One function per endpoint: parse and validate parameters into a typed query,
// call the search facade, render JSON. Exceptions go up to the HTTP layer.
#pragma once

#include "http/http_types.hpp"
#include "search/search_service.hpp"

namespace annuaire::handlers {

using search::SearchService;

http::Response health(SearchService& service, const http::Request& request);
http::Response practitioners(SearchService& service, const http::Request& request);
http::Response practitioner(SearchService& service, const http::Request& request);
http::Response clusters(SearchService& service, const http::Request& request);
http::Response suggest(SearchService& service, const http::Request& request);
http::Response geocode(SearchService& service, const http::Request& request);
http::Response export_file(SearchService& service, const http::Request& request);
http::Response openapi(SearchService& service, const http::Request& request);

}  // namespace annuaire::handlers
