// Text of unpacked values, written the way Python prints them: ints
// exactly, True/False, floats as the shortest text that reads back to the
// same number (repr), bytes as b'...'. A float32 field prints the shortest
// text that reads back to the same float32 (3.14, not 3.140000104904175).
#pragma once
#include <memview.h>

#include <string>

namespace cli {

void append_float(std::string &out, double x, bool single);
void append_value(std::string &out, const mv_value &v);
// A CSV cell: the value, quoted (RFC 4180) when it holds a comma or quote.
void append_csv_value(std::string &out, const mv_value &v);

}  // namespace cli
