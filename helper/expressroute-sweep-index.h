// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_INDEX_H
#define EXPRESSROUTE_SWEEP_INDEX_H

// The queryable index of a sweep: DIR/index.sqlite (SQLite, C API) and its CSV export
// DIR/results.csv. Derived from the sweep directory's files, so it can always be rebuilt.
// Schema (doc/sweeps.md):
//   runs(key PRIMARY KEY, point, run, seed, <one column per parameter>, status, exit_code,
//        signal, wall_time_s, events, <headline metrics>, stderr_tail, command)
//     headline metrics, per probe of summary.json: <probe>_loss_percent,
//     <probe>_availability_percent, <probe>_rtt_p50_ms, <probe>_rtt_p99_ms, <probe>_outages,
//     <probe>_longest_outage_s, <probe>_throughput_bps; per circuit link:
//     <circuit>_<link>_peak_utilisation, <circuit>_<link>_dropped_bits
//   metrics(key, name, value): every number of summary.json, long format, named
//     pair/<probe>/<field>, link/<circuit>/<link>/<field>, flow/<flow>/<field>
//   parameters(name, path, position): the parameter columns and their JSON pointers
//   sweep(name, value): the sweep's name, seed, runs per point, points, spec

#include "expressroute-sweep-directory.h"
#include "expressroute-sweep-spec.h"
#include "expressroute-sweep-summary.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

struct sqlite3;

namespace ns3
{
namespace expressroute
{

/// One row of the index.
struct IndexRow
{
    std::string key;
    uint32_t point{0};
    uint32_t run{1};
    uint32_t seed{1};
    std::vector<ScenarioJson> values; ///< one per spec parameter
    RunOutcome outcome;
    std::string command;          ///< the command line that reproduces the run
    std::vector<Metric> headline; ///< wide columns
    std::vector<Metric> metrics;  ///< long table
};

/// The index database.
class SweepIndex
{
  public:
    /// Opens (creates) @p path. Throws std::runtime_error naming the file.
    explicit SweepIndex(const std::string& path);
    ~SweepIndex();
    SweepIndex(const SweepIndex&) = delete;
    SweepIndex& operator=(const SweepIndex&) = delete;

    /**
     * Replaces the whole index by @p rows, in one transaction (a reader sees the old or the new
     * index). @p headline: headline columns to create even if no row has them yet.
     */
    void Rebuild(const SweepSpec& spec,
                 const std::vector<IndexRow>& rows,
                 const std::vector<std::string>& headline);

    /// Inserts or replaces one row (and its metrics); adds headline columns it lacks.
    void Upsert(const SweepSpec& spec, const IndexRow& row);

    /// Writes table runs as CSV (RFC 4180 quoting), ordered by point and run, atomically.
    void ExportCsv(const std::string& path) const;

    /// Runs @p sql and returns the rows as text (NULL as ""). Throws on SQL errors.
    std::vector<std::vector<std::string>> Query(const std::string& sql) const;

  private:
    void Exec(const std::string& sql) const;
    void InsertRow(const SweepSpec& spec, const IndexRow& row);
    std::vector<std::string> Columns() const;

    sqlite3* m_db{nullptr};
    std::string m_path;
};

/// Quotes an SQL identifier ("name").
std::string SqlIdentifier(const std::string& name);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_INDEX_H
