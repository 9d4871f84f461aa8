// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_OUTPUT_WRITER_H
#define EXPRESSROUTE_OUTPUT_WRITER_H

// The run directory (doc/outputs.md): run.json, probes.csv, flows.csv, links.csv, summary.json.
// Written into a temporary sibling directory and renamed into place: at the end
// (expressroute-resilience), or at the start with a run.json saying "running" (expressroute-sim,
// which then streams its rows into it with RunFiles), so that the path never shows an earlier
// run's "completed" once a new run has begun, and never a directory without its run.json.
// Deterministic: the same records give the same bytes (wall time appears in run.json only).

#include "expressroute-failure-summary.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// True if @p path holds a run.json written by expressroute-sim.
bool IsRunDirectory(const std::string& path);

/// The process id of the expressroute-sim that is writing the run directory @p path now (its
/// run.json says "running" with that pid, and the process lives under that name), if any.
std::optional<int> RunDirectoryWriter(const std::string& path);

/// Writes @p content to @p path through "<path>.part", fsync and rename, so that a reader sees
/// the old file or the new one, never half of one. Throws std::runtime_error naming @p path and
/// the OS reason (e.g. "No space left on device").
void WriteWholeFile(const std::string& path, const std::string& content);

/**
 * A run directory being written: into "<path>.tmp-<pid>" until Commit() renames it to its final
 * path (replacing an earlier run there), then, if more is written, in place.
 */
class RunDirectory
{
  public:
    /// Refuses (std::runtime_error naming the path) a file or a non-empty directory that is
    /// not a run directory of ours (it is never replaced), or one a live run is writing.
    /// Removes the "<path>.tmp-<pid>" and "<path>.old-<pid>" directories of dead processes,
    /// then creates the temporary directory.
    explicit RunDirectory(std::string path);
    /// Removes the temporary directory if Commit() was never called; a committed directory
    /// keeps what was written.
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::string& GetFinalPath() const { return m_final; }
    /// Where files go now: the temporary directory before Commit(), the final path after.
    const std::string& GetPath() const { return m_path; }
    /// Writes @p content to @p name inside the directory (WriteWholeFile); throws on I/O
    /// errors, naming the file and the reason.
    void Write(const std::string& name, const std::string& content) const;
    /// Moves the directory to its final name: an earlier run there is renamed aside in one step
    /// and removed, so that the path never shows it again. Later calls do nothing.
    void Commit();

  private:
    std::string m_final;
    std::string m_path;
    bool m_committed{false};
};

/// The tables below: rows from index @p first on, with the header line only when @p first is 0,
/// so that a table streamed in pieces is byte-identical to the table formatted at once.
/// probes.csv: one row per probe.
std::string FormatProbesCsv(const std::vector<ProbeRecord>& probes, std::size_t first = 0);
/// flows.csv: one row per flow.
std::string FormatFlowsCsv(const std::vector<FlowRecord>& flows, std::size_t first = 0);
/// links.csv: one row per circuit link and interval.
std::string FormatLinksCsv(const std::vector<LinkSample>& samples, std::size_t first = 0);
/// bgp.csv: one row per control-plane event.
std::string FormatBgpCsv(const std::vector<BgpEventRecord>& events, std::size_t first = 0);
/// gateways.csv: one row per ExpressRoute gateway and interval.
std::string FormatGatewaysCsv(const std::vector<GatewaySample>& samples, std::size_t first = 0);
/// events.csv: time_s,event,kind,target,detail (failures started and cleared).
std::string FormatEventsCsv(const std::vector<FailureEventRecord>& events, std::size_t first = 0);
/// routes.csv: one row per best-path change.
std::string FormatRoutesCsv(const std::vector<RouteRecord>& routes, std::size_t first = 0);
/// summary.json: the headline answers.
std::string FormatSummaryJson(const std::vector<PairSummary>& pairs,
                              const std::vector<LinkSummary>& links,
                              const std::vector<FlowRecord>& flows,
                              const std::vector<FailureSummary>& failures = {});

/// A number as CSV/JSON text with fixed decimals, never "-0" or exponent notation.
std::string FormatFixed(double value, int decimals);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_OUTPUT_WRITER_H
