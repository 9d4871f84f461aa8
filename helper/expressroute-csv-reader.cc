// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-csv-reader.h"

#include <cstdlib>
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

} // namespace

CsvTable
CsvTable::Read(const std::string& path)
{
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
    while (std::getline(in, line))
    {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        auto fields = SplitFields(line);
        if (!haveHeader)
        {
            for (std::size_t i = 0; i < fields.size(); ++i)
            {
                t.m_index[fields[i]] = i;
            }
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
