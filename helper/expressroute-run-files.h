// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_FILES_H
#define EXPRESSROUTE_RUN_FILES_H

// The tables of a run streamed into its run directory while the run goes on: each record the
// RunRecorder stores is formatted as its row (expressroute-output-writer.h) and appended to a
// buffered file, which Flush() hands to the operating system at every checkpoint, so that a
// killed run leaves the rows it recorded until then (doc/outputs.md). Also the pcap captures of
// the circuit links, with every write checked. A write error is kept, not thrown: it happens
// inside a trace callback, and the run then stops at its next check; the other files go on.

#include "expressroute-run-directory.h"
#include "expressroute-run-recorder.h"

#include "ns3/ptr.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
class PcapFileWrapper;

namespace expressroute
{

class Topology;

/**
 * Streams the tables probes.csv, links.csv, bgp.csv, routes.csv, events.csv and gateways.csv.
 */
class RunFiles : public RecordSink
{
  public:
    /// Creates the tables in @p dir with their header lines; throws std::runtime_error.
    explicit RunFiles(RunDirectory& dir);
    ~RunFiles() override;

    void OnProbe(const ProbeRecord& record) override;
    void OnLinkSample(const LinkSample& sample) override;
    void OnBgpEvent(const BgpEventRecord& event) override;
    void OnRouteChange(const RouteRecord& route) override;
    void OnFailureEvent(const FailureEventRecord& event) override;
    void OnGatewaySample(const GatewaySample& sample) override;

    /// Captures both ends of every circuit link into pcap/<circuit>-<link>-<edge|msee>.pcap
    /// (PPP framing, as ns-3's PointToPointHelper writes them).
    void CapturePcap(Ptr<Topology> topology);

    /// Hands the rows so far to the operating system.
    void Flush();
    /// Flushes the tables and captures to the disk and closes them.
    void Close();

    /// The first write error, naming the file and the reason; that file takes no more rows.
    const std::optional<std::string>& GetError() const { return m_error; }
    /// The names of the streamed tables, in order.
    static const std::vector<std::string>& GetTableNames();

  private:
    /// One capture file.
    struct Capture
    {
        std::string path;
        Ptr<PcapFileWrapper> file;
    };

    void Append(OutputFile& file, const std::string& row);
    void Fail(const std::string& error);

    std::unique_ptr<OutputFile> m_probes;
    std::unique_ptr<OutputFile> m_links;
    std::unique_ptr<OutputFile> m_bgp;
    std::unique_ptr<OutputFile> m_routes;
    std::unique_ptr<OutputFile> m_events;
    std::unique_ptr<OutputFile> m_gateways;
    RunDirectory& m_dir;
    std::vector<Capture> m_captures;
    std::optional<std::string> m_error;
    bool m_closed{false};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_FILES_H
