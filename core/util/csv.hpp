// CSV for French spreadsheets, as every CSV the annuaire writes (exports, the audit log,
// an import's problem lines): UTF-8 with a BOM, ';' between cells, CRLF line ends.
#pragma once

#include <string>
#include <string_view>

namespace annuaire::util {

// What a CSV file starts with, so that spreadsheets read it as UTF-8.
inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// Appends `text` as one CSV cell for spreadsheets: a leading '=', '+', '-', '@', tab or CR
// gets a "'" in front (so that no spreadsheet runs it as a formula), and the cell is quoted
// (quotes doubled) when it holds the separator, '"', CR or LF.
void append_csv_text(std::string& out, std::string_view text, char separator = ';');

}  // namespace annuaire::util
