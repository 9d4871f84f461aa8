// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_OUTPUT_WRITER_H
#define EXPRESSROUTE_OUTPUT_WRITER_H

// The run directory (doc/outputs.md): run.json, probes.csv, flows.csv, links.csv, summary.json.
// Two ways to write one: whole, into a temporary sibling directory renamed into place at the end
// (expressroute-resilience), or in place (expressroute-sim): an earlier run at the path is moved
// aside and removed first, so that the path never shows an older run's "completed" while a new
// run's rows are streamed into it (RunFiles). Deterministic: the same records give the same bytes
// (wall time appears in run.json only).

#include "expressroute-failure-summary.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// True if @p path holds a run.json written by expressroute-sim.
bool IsRunDirectory(const std::string& path);

/// Writes @p content to @p path through "<path>.part", fsync and rename, so that a reader sees
/// the old file or the new one, never half of one. Throws std::runtime_error naming @p path and
/// the OS reason (e.g. "No space left on device").
void WriteWholeFile(const std::string& path, const std::string& content);

/**
 * A run directory being written.
 */
class RunDirectory
{
  public:
    /// How the directory is written.
    enum class Mode
    {
        Whole,   ///< into "<path>.tmp-<pid>", renamed to @p path by Commit()
        InPlace, ///< into @p path itself; an earlier run there is removed at once
    };

    /// Refuses (std::runtime_error naming the path) a file or a non-empty directory that is
    /// not a run directory of ours: it is never replaced. Removes the "<path>.tmp-<pid>" and
    /// "<path>.old-<pid>" directories of dead processes, then creates the directory to write.
    explicit RunDirectory(std::string path, Mode mode = Mode::Whole);
    /// Whole: removes the temporary directory if Commit() was never called. InPlace: keeps
    /// what was written.
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::string& GetFinalPath() const { return m_final; }
    /// Where the files go now: the temporary directory (Whole) or the final path (InPlace).
    const std::string& GetTempPath() const { return m_temp; }
    /// Writes @p content to @p name inside the directory (WriteWholeFile); throws on I/O
    /// errors, naming the file and the reason.
    void Write(const std::string& name, const std::string& content) const;
    /// Whole: moves the directory to its final name, replacing an earlier run there.
    void Commit();

  private:
    std::string m_final;
    std::string m_temp;
    Mode m_mode;
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
