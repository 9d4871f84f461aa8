// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-run-files.h"

#include "expressroute-circuit.h"
#include "expressroute-output-writer.h"
#include "expressroute-pcap-links.h"
#include "expressroute-run-recorder.h"
#include "expressroute-topology.h"

#include "ns3/callback.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/trace-helper.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRunFiles");

namespace
{

// Indices into m_tables, in the order of the names below.
enum TableIndex : std::size_t
{
    kProbes,
    kLinks,
    kBgp,
    kRoutes,
    kEvents,
    kGateways,
};

const std::vector<std::string> kTableNames{"probes.csv",
                                           "links.csv",
                                           "bgp.csv",
                                           "routes.csv",
                                           "events.csv",
                                           "gateways.csv"};

} // namespace

const std::vector<std::string>&
RunFiles::GetFileNames()
{
    static const std::vector<std::string> names = [] {
        auto n = kTableNames;
        n.insert(n.begin() + 1, "flows.csv");
        return n;
    }();
    return names;
}

RunFiles::RunFiles(std::string dir)
    : m_dir(std::move(dir))
{
    for (const auto& name : kTableNames)
    {
        Table t;
        t.path = m_dir + "/" + name;
        t.fd = ::open(t.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
        if (t.fd < 0)
        {
            const int err = errno;
            for (auto& open : m_tables)
            {
                ::close(open.fd);
            }
            throw std::runtime_error("cannot create " + t.path + ": " + std::strerror(err));
        }
        m_tables.push_back(t);
    }
}

RunFiles::~RunFiles()
{
    for (auto& t : m_tables)
    {
        if (t.fd >= 0)
        {
            ::close(t.fd);
        }
    }
    for (auto& [path, file] : m_captures)
    {
        if (!m_closed && !file->Fail())
        {
            file->Close();
        }
    }
}

void
RunFiles::Fail(const std::string& error)
{
    if (!m_error)
    {
        NS_LOG_WARN("write-error=\"" << error << "\"");
        m_error = error;
    }
}

void
RunFiles::Write(Table& table, const std::string& text)
{
    std::size_t done = 0;
    while (table.fd >= 0 && done < text.size())
    {
        const ssize_t n = ::write(table.fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            // A file-size limit or a full disk: the OS says which.
            Fail("cannot write " + table.path + ": " + std::strerror(n < 0 ? errno : ENOSPC));
            ::close(table.fd);
            table.fd = -1;
            return;
        }
        done += static_cast<std::size_t>(n);
    }
}

template <typename R, typename F>
void
RunFiles::AppendRows(Table& table, const std::vector<R>& records, F format)
{
    if (table.started && table.written == records.size())
    {
        return;
    }
    std::string text = format(records, table.written);
    if (table.started && table.written == 0)
    {
        text.erase(0, text.find('\n') + 1); // the header line is there already
    }
    Write(table, text);
    table.started = true;
    table.written = records.size();
}

void
RunFiles::Append(const RunRecorder& recorder)
{
    if (m_closed)
    {
        return;
    }
    AppendRows(m_tables[kProbes], recorder.GetProbes(), FormatProbesCsv);
    AppendRows(m_tables[kLinks], recorder.GetLinkSamples(), FormatLinksCsv);
    AppendRows(m_tables[kBgp], recorder.GetBgpEvents(), FormatBgpCsv);
    AppendRows(m_tables[kRoutes], recorder.GetRouteChanges(), FormatRoutesCsv);
    AppendRows(m_tables[kEvents], recorder.GetFailureEvents(), FormatEventsCsv);
    AppendRows(m_tables[kGateways], recorder.GetGatewaySamples(), FormatGatewaysCsv);
    for (auto& t : m_tables)
    {
        if (t.fd >= 0 && ::fsync(t.fd) != 0)
        {
            Fail("cannot write " + t.path + ": " + std::strerror(errno));
        }
    }
    try
    {
        WriteWholeFile(m_dir + "/flows.csv", FormatFlowsCsv(recorder.GetFlows()));
    }
    catch (const std::runtime_error& e)
    {
        Fail(e.what());
    }
}

void
RunFiles::CapturePcap(Ptr<Topology> topology,
                      const std::vector<std::string>& links,
                      uint32_t snaplen)
{
    const auto chosen = SelectPcapLinks(*topology, links);
    const std::string dir = m_dir + "/pcap";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        throw std::runtime_error("cannot create " + dir + ": " + ec.message());
    }
    for (const std::size_t i : chosen)
    {
        const auto& link = topology->GetLinks()[i];
        // A circuit link's packets go out as 802.1Q-tagged Ethernet (the peering's VLAN).
        Ptr<const Circuit> circuit =
            link.kind == LinkKind::Circuit ? topology->GetCircuit(link.circuit) : nullptr;
        for (const bool a : {true, false})
        {
            const std::string path = dir + "/" + PcapFileName(*topology, i, a);
            auto file = CreateObject<PcapFileWrapper>();
            errno = 0;
            file->Open(path, std::ios::out);
            if (file->Fail())
            {
                throw std::runtime_error("cannot create " + path + ": " +
                                         (errno ? std::strerror(errno) : "open failed"));
            }
            file->Init(circuit ? PcapHelper::DLT_EN10MB : PcapHelper::DLT_PPP, snaplen, 0);
            const std::size_t index = m_captures.size();
            m_captures.emplace_back(path, file);
            // What PointToPointHelper::EnablePcap hooks, with each write checked: the write(2)
            // that failed has just set errno.
            (a ? link.devA : link.devB)
                ->TraceConnectWithoutContext(
                    "PromiscSniffer",
                    Callback<void, Ptr<const Packet>>([this, index, circuit](Ptr<const Packet> p) {
                        const auto& [path, file] = m_captures[index];
                        if (m_closed || file->Fail())
                        {
                            return; // reported when it failed
                        }
                        errno = 0;
                        if (circuit)
                        {
                            const auto frame = CircuitFrame(*circuit, p);
                            file->Write(Simulator::Now(), frame.data(),
                                        static_cast<uint32_t>(frame.size()));
                        }
                        else
                        {
                            file->Write(Simulator::Now(), p);
                        }
                        if (file->Fail())
                        {
                            Fail("cannot write " + path + ": " +
                                 (errno ? std::strerror(errno) : "write failed"));
                        }
                    }));
        }
    }
}

void
RunFiles::Close()
{
    if (m_closed)
    {
        return;
    }
    m_closed = true;
    for (auto& t : m_tables)
    {
        if (t.fd >= 0 && ::close(t.fd) != 0)
        {
            Fail("cannot write " + t.path + ": " + std::strerror(errno));
        }
        t.fd = -1;
    }
    for (auto& [path, file] : m_captures)
    {
        if (file->Fail())
        {
            continue; // reported when it failed
        }
        errno = 0;
        file->Close();
        if (file->Fail())
        {
            Fail("cannot write " + path + ": " + (errno ? std::strerror(errno) : "write failed"));
        }
    }
}

} // namespace expressroute
} // namespace ns3
