// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_OUTPUT_WRITER_H
#define EXPRESSROUTE_OUTPUT_WRITER_H

// The run directory (doc/outputs.md): run.json, probes.csv, flows.csv, links.csv, summary.json.
// Written into a temporary sibling directory and renamed into place at the end, so a reader
// never sees a half-written run directory under the final name. Deterministic: the same records
// give the same bytes (wall time appears in run.json only).

#include "expressroute-failure-summary.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * A run directory being written: files go to a temporary directory until Commit().
 */
/// True if @p path holds a run.json written by expressroute-sim.
bool IsRunDirectory(const std::string& path);

class RunDirectory
{
  public:
    /// Creates "<path>.tmp-<pid>" (removing those of dead processes); throws
    /// std::runtime_error naming the path on failure, or when @p path is a file or a non-empty
    /// directory that is not a run directory of ours (it is never replaced).
    explicit RunDirectory(std::string path);
    /// Removes the temporary directory if Commit() was never called.
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::string& GetFinalPath() const { return m_final; }
    const std::string& GetTempPath() const { return m_temp; }
    /// Writes @p content to @p name inside the directory; throws on I/O errors.
    void Write(const std::string& name, const std::string& content) const;
    /// Moves the directory to its final name, replacing an earlier run there.
    void Commit();

  private:
    std::string m_final;
    std::string m_temp;
    bool m_committed{false};
};

/// probes.csv: one row per probe.
std::string FormatProbesCsv(const std::vector<ProbeRecord>& probes);
/// flows.csv: one row per flow.
std::string FormatFlowsCsv(const std::vector<FlowRecord>& flows);
/// links.csv: one row per circuit link and interval.
std::string FormatLinksCsv(const std::vector<LinkSample>& samples);
/// bgp.csv: one row per control-plane event.
std::string FormatBgpCsv(const std::vector<BgpEventRecord>& events);
/// gateways.csv: one row per ExpressRoute gateway and interval.
std::string FormatGatewaysCsv(const std::vector<GatewaySample>& samples);
/// events.csv: time_s,event,kind,target,detail (failures started and cleared).
std::string FormatEventsCsv(const std::vector<FailureEventRecord>& events);
/// routes.csv: one row per best-path change.
std::string FormatRoutesCsv(const std::vector<RouteRecord>& routes);
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
