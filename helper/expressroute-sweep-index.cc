// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-index.h"

#include "expressroute-run-directory.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepIndex");

namespace
{

/// Columns of runs before the parameters, and between the parameters and the headline.
const std::vector<std::string> kLeadColumns{"key", "point", "run", "seed"};
const std::vector<std::pair<std::string, std::string>> kStateColumns{{"status", "TEXT"},
                                                                     {"exit_code", "INTEGER"},
                                                                     {"signal", "INTEGER"},
                                                                     {"wall_time_s", "REAL"},
                                                                     {"events", "INTEGER"}};
const std::vector<std::pair<std::string, std::string>> kTailColumns{{"stderr_tail", "TEXT"},
                                                                    {"command", "TEXT"}};

std::string
Lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// Column names taken before the headline (SQLite compares names case-insensitively).
std::set<std::string>
TakenColumns(const SweepSpec& spec)
{
    std::set<std::string> taken;
    for (const auto& c : kLeadColumns)
    {
        taken.insert(c);
    }
    for (const auto& [c, type] : kStateColumns)
    {
        taken.insert(c);
    }
    for (const auto& [c, type] : kTailColumns)
    {
        taken.insert(c);
    }
    for (const auto& p : spec.parameters)
    {
        taken.insert(Lower(p.column));
    }
    return taken;
}

/// The column of a headline metric: its name, or "m_<name>" if a parameter took the name.
std::string
HeadlineColumn(const std::string& name, const std::set<std::string>& taken)
{
    return taken.count(Lower(name)) ? "m_" + name : name;
}

/// A JSON value bound to a statement parameter.
void
Bind(sqlite3_stmt* stmt, int i, const nlohmann::json& v)
{
    if (v.is_null())
    {
        sqlite3_bind_null(stmt, i);
    }
    else if (v.is_boolean())
    {
        sqlite3_bind_int(stmt, i, v.get<bool>() ? 1 : 0);
    }
    else if (v.is_number_integer())
    {
        sqlite3_bind_int64(stmt, i, v.get<int64_t>());
    }
    else if (v.is_number())
    {
        sqlite3_bind_double(stmt, i, v.get<double>());
    }
    else
    {
        const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
        sqlite3_bind_text(stmt, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
}

/// A prepared statement, finalized on scope exit.
class Statement
{
  public:
    Statement(sqlite3* db, const std::string& sql)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
        {
            throw std::runtime_error("SQL error: " + std::string(sqlite3_errmsg(db)) +
                                     " in: " + sql.substr(0, 200));
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* Get() const { return m_stmt; }

  private:
    sqlite3_stmt* m_stmt{nullptr};
};

/// The value of a column as text: integers as integers, reals with up to 15 digits.
std::string
ColumnText(sqlite3_stmt* stmt, int i)
{
    switch (sqlite3_column_type(stmt, i))
    {
    case SQLITE_NULL:
        return "";
    case SQLITE_INTEGER:
        return std::to_string(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT: {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%.15g", sqlite3_column_double(stmt, i));
        return buf;
    }
    default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return text ? std::string(text, sqlite3_column_bytes(stmt, i)) : "";
    }
    }
}

std::string
CsvField(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
    {
        return s;
    }
    std::string out = "\"";
    for (char c : s)
    {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

} // namespace

std::string
SqlIdentifier(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
    {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

SweepIndex::SweepIndex(const std::string& path) :
    m_path(path)
{
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK)
    {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw std::runtime_error("cannot open the index " + path + ": " + msg);
    }
    sqlite3_busy_timeout(m_db, 30000);
    Exec("PRAGMA synchronous=NORMAL");
}

SweepIndex::~SweepIndex()
{
    sqlite3_close(m_db);
}

void
SweepIndex::Exec(const std::string& sql) const
{
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
    {
        const std::string msg = error ? error : sqlite3_errmsg(m_db);
        sqlite3_free(error);
        throw std::runtime_error("index " + m_path + ": " + msg + " in: " + sql.substr(0, 200));
    }
}

std::vector<std::string>
SweepIndex::Columns() const
{
    std::vector<std::string> columns;
    Statement stmt(m_db, "PRAGMA table_info(runs)");
    while (sqlite3_step(stmt.Get()) == SQLITE_ROW)
    {
        columns.push_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt.Get(), 1)));
    }
    return columns;
}

void
SweepIndex::Rebuild(const SweepSpec& spec,
                    const std::vector<IndexRow>& rows,
                    const std::vector<std::string>& headline)
{
    NS_LOG_FUNCTION(m_path << rows.size());
    const auto taken = TakenColumns(spec);
    std::vector<std::string> metricColumns;
    std::set<std::string> seen;
    auto add = [&](const std::string& name) {
        const std::string column = HeadlineColumn(name, taken);
        if (seen.insert(Lower(column)).second)
        {
            metricColumns.push_back(column);
        }
    };
    for (const auto& name : headline)
    {
        add(name);
    }
    for (const auto& row : rows)
    {
        for (const auto& [name, value] : row.headline)
        {
            add(name);
        }
    }
    std::ostringstream create;
    create << "CREATE TABLE runs(key TEXT PRIMARY KEY, point INTEGER, run INTEGER, seed INTEGER";
    for (const auto& p : spec.parameters)
    {
        create << ", " << SqlIdentifier(p.column);
    }
    for (const auto& [c, type] : kStateColumns)
    {
        create << ", " << c << " " << type;
    }
    for (const auto& c : metricColumns)
    {
        create << ", " << SqlIdentifier(c) << " NUMERIC";
    }
    for (const auto& [c, type] : kTailColumns)
    {
        create << ", " << c << " " << type;
    }
    create << ")";

    Exec("BEGIN IMMEDIATE");
    try
    {
        Exec("DROP TABLE IF EXISTS runs; DROP TABLE IF EXISTS metrics; "
             "DROP TABLE IF EXISTS parameters; DROP TABLE IF EXISTS sweep");
        Exec(create.str());
        Exec("CREATE TABLE metrics(key TEXT, name TEXT, value NUMERIC, PRIMARY KEY(key, name)) "
             "WITHOUT ROWID");
        Exec("CREATE TABLE parameters(name TEXT PRIMARY KEY, path TEXT, position INTEGER)");
        Exec("CREATE TABLE sweep(name TEXT PRIMARY KEY, value)");
        {
            Statement stmt(m_db, "INSERT INTO parameters VALUES(?, ?, ?)");
            for (std::size_t i = 0; i < spec.parameters.size(); ++i)
            {
                sqlite3_reset(stmt.Get());
                Bind(stmt.Get(), 1, spec.parameters[i].column);
                Bind(stmt.Get(), 2, spec.parameters[i].path);
                Bind(stmt.Get(), 3, static_cast<int64_t>(i));
                sqlite3_step(stmt.Get());
            }
        }
        {
            Statement stmt(m_db, "INSERT INTO sweep VALUES(?, ?)");
            const std::vector<std::pair<std::string, nlohmann::json>> facts{
                {"name", spec.name},
                {"seed", spec.seed},
                {"runs_per_point", spec.runs},
                {"timeout", spec.timeout},
                {"spec", nlohmann::json::parse(FrozenSpec(spec).dump()).dump()}};
            for (const auto& [name, value] : facts)
            {
                sqlite3_reset(stmt.Get());
                Bind(stmt.Get(), 1, name);
                Bind(stmt.Get(), 2, value);
                sqlite3_step(stmt.Get());
            }
        }
        for (const auto& row : rows)
        {
            InsertRow(spec, row);
        }
        Exec("COMMIT");
    }
    catch (...)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void
SweepIndex::Upsert(const SweepSpec& spec, const IndexRow& row)
{
    Exec("BEGIN IMMEDIATE");
    try
    {
        InsertRow(spec, row);
        Exec("COMMIT");
    }
    catch (...)
    {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void
SweepIndex::InsertRow(const SweepSpec& spec, const IndexRow& row)
{
    const auto taken = TakenColumns(spec);
    const auto existing = Columns();
    std::set<std::string> have;
    for (const auto& c : existing)
    {
        have.insert(Lower(c));
    }
    std::vector<std::pair<std::string, nlohmann::json>> cells{
        {"key", row.key}, {"point", row.point}, {"run", row.run}, {"seed", row.seed}};
    for (std::size_t i = 0; i < spec.parameters.size() && i < row.values.size(); ++i)
    {
        cells.emplace_back(spec.parameters[i].column, nlohmann::json::parse(row.values[i].dump()));
    }
    const auto& o = row.outcome;
    cells.emplace_back("status", ToString(o.status));
    cells.emplace_back("exit_code", o.exitCode ? nlohmann::json(*o.exitCode) : nlohmann::json());
    cells.emplace_back("signal", o.signal ? nlohmann::json(*o.signal) : nlohmann::json());
    cells.emplace_back("wall_time_s",
                       o.wallSeconds ? nlohmann::json(*o.wallSeconds) : nlohmann::json());
    cells.emplace_back("events", o.events ? nlohmann::json(*o.events) : nlohmann::json());
    for (const auto& [name, value] : row.headline)
    {
        const std::string column = HeadlineColumn(name, taken);
        if (!have.count(Lower(column)))
        {
            Exec("ALTER TABLE runs ADD COLUMN " + SqlIdentifier(column) + " NUMERIC");
            have.insert(Lower(column));
        }
        cells.emplace_back(column, value);
    }
    cells.emplace_back("stderr_tail",
                       o.stderrTail.empty() ? nlohmann::json() : nlohmann::json(o.stderrTail));
    cells.emplace_back("command", row.command);

    std::string names;
    std::string marks;
    for (const auto& [column, value] : cells)
    {
        names += (names.empty() ? "" : ", ") + SqlIdentifier(column);
        marks += marks.empty() ? "?" : ", ?";
    }
    {
        Statement stmt(m_db, "INSERT OR REPLACE INTO runs(" + names + ") VALUES(" + marks + ")");
        for (std::size_t i = 0; i < cells.size(); ++i)
        {
            Bind(stmt.Get(), static_cast<int>(i + 1), cells[i].second);
        }
        if (sqlite3_step(stmt.Get()) != SQLITE_DONE)
        {
            throw std::runtime_error("index " + m_path + ": " + sqlite3_errmsg(m_db));
        }
    }
    {
        Statement del(m_db, "DELETE FROM metrics WHERE key = ?");
        Bind(del.Get(), 1, row.key);
        sqlite3_step(del.Get());
    }
    Statement ins(m_db, "INSERT OR REPLACE INTO metrics VALUES(?, ?, ?)");
    for (const auto& [name, value] : row.metrics)
    {
        sqlite3_reset(ins.Get());
        Bind(ins.Get(), 1, row.key);
        Bind(ins.Get(), 2, name);
        Bind(ins.Get(), 3, value);
        if (sqlite3_step(ins.Get()) != SQLITE_DONE)
        {
            throw std::runtime_error("index " + m_path + ": " + sqlite3_errmsg(m_db));
        }
    }
}

void
SweepIndex::ExportCsv(const std::string& path) const
{
    Statement stmt(m_db, "SELECT * FROM runs ORDER BY point, run, key");
    std::ostringstream out;
    const int n = sqlite3_column_count(stmt.Get());
    for (int i = 0; i < n; ++i)
    {
        out << (i ? "," : "") << CsvField(sqlite3_column_name(stmt.Get(), i));
    }
    out << "\n";
    while (sqlite3_step(stmt.Get()) == SQLITE_ROW)
    {
        for (int i = 0; i < n; ++i)
        {
            out << (i ? "," : "") << CsvField(ColumnText(stmt.Get(), i));
        }
        out << "\n";
    }
    WriteThroughTemporary(path, out.str());
}

std::vector<std::vector<std::string>>
SweepIndex::Query(const std::string& sql) const
{
    Statement stmt(m_db, sql);
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = sqlite3_step(stmt.Get())) == SQLITE_ROW)
    {
        std::vector<std::string> row;
        for (int i = 0; i < sqlite3_column_count(stmt.Get()); ++i)
        {
            row.push_back(ColumnText(stmt.Get(), i));
        }
        rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
    {
        throw std::runtime_error("index " + m_path + ": " + sqlite3_errmsg(m_db));
    }
    return rows;
}

} // namespace expressroute
} // namespace ns3
