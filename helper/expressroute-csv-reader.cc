// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-csv-reader.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ns3
{
namespace expressroute
{

namespace
{

std::vector<std::string>
SplitFields(const std::string& line)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true)
    {
        const auto comma = line.find(',', start);
        out.push_back(line.substr(start, comma == std::string::npos ? std::string::npos
                                                                    : comma - start));
        if (comma == std::string::npos)
        {
            break;
        }
        start = comma + 1;
    }
    return out;
}

/// A control character as C writes it: \0, \t, \r, else \xNN.
std::string
Escaped(unsigned char c)
{
    switch (c)
    {
    case '\0':
        return "\\0";
    case '\t':
        return "\\t";
    case '\r':
        return "\\r";
    default: {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "\\x%02x", c);
        return hex;
    }
    }
}

/// Throws DataFileError naming the line, the 1-based byte column and the CSV column of the
/// first control character (below 0x20, or 0x7f) in @p line: a name or value holding one is a
/// damaged file, and a NUL would cut every message that quotes the field short.
void
RefuseControlCharacters(const std::string& path,
                        std::size_t lineNo,
                        const std::string& line,
                        const std::vector<std::string>& header)
{
    std::size_t field = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c == ',')
        {
            ++field;
        }
        if (c >= 0x20 && c != 0x7f)
        {
            continue;
        }
        const std::string column = header.empty() ? "the header"
                                   : field < header.size() ? "column '" + header[field] + "'"
                                                           : "field " + std::to_string(field + 1);
        throw DataFileError(path + ":" + std::to_string(lineNo) + ":" + std::to_string(i + 1) +
                            ": control character " + Escaped(c) + " in " + column +
                            " (fields are printable text)");
    }
}

} // namespace

CsvTable
CsvTable::Read(const std::string& path)
{
    // Only a regular file: a directory "opens" and reads as empty, /dev/zero reads forever and
    // a FIFO blocks until someone writes to it.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status))
    {
        throw DataFileError(path + ": is a directory, not a CSV file");
    }
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    {
        throw DataFileError(path + ": is not a regular file (a device, FIFO or socket): not "
                                   "reading it");
    }
    std::ifstream in(path);
    if (!in)
    {
        throw DataFileError(path + ": cannot open data file");
    }
    CsvTable t;
    t.m_path = path;
    std::string line;
    std::size_t lineNo = 0;
    bool haveHeader = false;
    std::size_t width = 0;
    std::vector<std::string> header;
    while (std::getline(in, line))
    {
        ++lineNo;
        // A UTF-8 byte order mark, which some editors (and Excel's "CSV UTF-8") write first.
        if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
        {
            line.erase(0, 3);
        }
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        RefuseControlCharacters(path, lineNo, line, header);
        auto fields = SplitFields(line);
        if (!haveHeader)
        {
            for (std::size_t i = 0; i < fields.size(); ++i)
            {
                t.m_index[fields[i]] = i;
            }
            header = fields;
            width = fields.size();
            haveHeader = true;
            continue;
        }
        if (fields.size() != width)
        {
            throw DataFileError(path + ":" + std::to_string(lineNo) + ": expected " +
                                std::to_string(width) + " fields, found " +
                                std::to_string(fields.size()));
        }
        t.m_rows.push_back(std::move(fields));
        t.m_lines.push_back(lineNo);
    }
    if (!haveHeader)
    {
        throw DataFileError(path + ": no header line");
    }
    return t;
}

const std::string&
CsvTable::Get(std::size_t row, const std::string& column) const
{
    auto it = m_index.find(column);
    if (it == m_index.end())
    {
        throw DataFileError(m_path + ": missing column '" + column + "'");
    }
    return m_rows.at(row).at(it->second);
}

double
CsvTable::GetDouble(std::size_t row, const std::string& column) const
{
    const std::string& s = Get(row, column);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size())
    {
        throw DataFileError(m_path + ":" + std::to_string(m_lines.at(row)) + ": column '" +
                            column + "' is not a number: '" + s + "'");
    }
    return v;
}

} // namespace expressroute
} // namespace ns3
