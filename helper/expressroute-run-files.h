// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_FILES_H
#define EXPRESSROUTE_RUN_FILES_H

// The tables of a run streamed into its run directory while the run goes on (doc/outputs.md):
// at each checkpoint the rows the RunRecorder stored since the previous one are appended to
// probes.csv, links.csv, bgp.csv, routes.csv, events.csv and gateways.csv and handed to the disk,
// and flows.csv (whose counters change in place) is rewritten whole; a killed run leaves the rows
// recorded until its last checkpoint. The pieces are formatted by the output writer, so a table
// streamed in pieces is byte-identical to the table formatted at once. Also the pcap captures of
// the circuit links, with every write checked. A write error is kept, not thrown (captures fail
// inside a trace callback): the run stops at its next check, and the error names the file and
// the OS reason.

#include "ns3/ptr.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
class PcapFileWrapper;

namespace expressroute
{

class RunRecorder;
class Topology;

/**
 * Streams a run's tables and captures into a directory.
 */
class RunFiles
{
  public:
    /// Creates the tables in @p dir (empty until the first Append); throws std::runtime_error
    /// naming the file and the reason.
    explicit RunFiles(std::string dir);
    /// Closes what is open, without reporting errors (Close() reports them).
    ~RunFiles();
    RunFiles(const RunFiles&) = delete;
    RunFiles& operator=(const RunFiles&) = delete;

    /**
     * Captures both ends of the links @p links selects (names or globs, SelectPcapLinks) into
     * pcap/, at most @p snaplen bytes of each packet: circuit links as 802.1Q-tagged Ethernet
     * (the peering's VLAN), other links in PPP framing as ns-3's PointToPointHelper writes
     * them. Throws std::invalid_argument for a pattern that selects nothing and
     * std::runtime_error if a file cannot be created.
     */
    void CapturePcap(Ptr<Topology> topology,
                     const std::vector<std::string>& links,
                     uint32_t snaplen);

    /// Appends the rows @p recorder stored since the last call (the header lines at the first
    /// call), rewrites flows.csv and hands everything to the disk (fsync).
    void Append(const RunRecorder& recorder);
    /// Closes the tables and captures.
    void Close();

    /// The first write error, naming the file and the reason; that file takes no more rows.
    const std::optional<std::string>& GetError() const { return m_error; }
    /// The names of the files written, in order (without the captures).
    static const std::vector<std::string>& GetFileNames();

  private:
    /// One streamed table.
    struct Table
    {
        std::string path;
        int fd{-1};
        std::size_t written{0}; ///< records appended so far
        bool started{false};    ///< the header line is written
    };

    /// Appends @p text to @p table; on error keeps it and closes the table.
    void Write(Table& table, const std::string& text);
    void Fail(const std::string& error);
    template <typename R, typename F>
    void AppendRows(Table& table, const std::vector<R>& records, F format);

    std::string m_dir;
    std::vector<Table> m_tables;
    std::vector<std::pair<std::string, Ptr<PcapFileWrapper>>> m_captures;
    std::optional<std::string> m_error;
    bool m_closed{false};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_FILES_H
