// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_CSV_READER_H
#define EXPRESSROUTE_CSV_READER_H

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Error reading a data file: the message names the file and line.
class DataFileError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/**
 * A small reader for the project's CSV data files: lines starting with '#' are comments, the
 * first other line is the header, fields are separated by commas (no quoting: the data files
 * never need it). A UTF-8 byte order mark at the start is skipped; a control character in a
 * line that is not a comment, a directory and a file that is not a regular file (a device such
 * as /dev/zero, a FIFO) are refused. Errors name the file and line.
 */
class CsvTable
{
  public:
    /// Reads @p path; throws DataFileError when it cannot be opened or a row is ragged.
    static CsvTable Read(const std::string& path);

    std::size_t Rows() const { return m_rows.size(); }
    /// Field @p column of row @p row; throws DataFileError naming file, line and column.
    const std::string& Get(std::size_t row, const std::string& column) const;
    /// Field parsed as double; throws DataFileError when it is not a number.
    double GetDouble(std::size_t row, const std::string& column) const;
    bool HasColumn(const std::string& column) const { return m_index.count(column) > 0; }
    const std::string& GetPath() const { return m_path; }
    /// 1-based line of row @p row in the file.
    std::size_t GetLine(std::size_t row) const { return m_lines.at(row); }

  private:
    std::string m_path;
    std::map<std::string, std::size_t> m_index;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<std::size_t> m_lines;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_CSV_READER_H
