// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-run-files.h"

#include "expressroute-output-writer.h"
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
#include <limits>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteRunFiles");

const std::vector<std::string>&
RunFiles::GetTableNames()
{
    static const std::vector<std::string> names{"probes.csv",
                                                "links.csv",
                                                "bgp.csv",
                                                "routes.csv",
                                                "events.csv",
                                                "gateways.csv"};
    return names;
}

RunFiles::RunFiles(RunDirectory& dir)
    : m_probes(dir.Open("probes.csv")),
      m_links(dir.Open("links.csv")),
      m_bgp(dir.Open("bgp.csv")),
      m_routes(dir.Open("routes.csv")),
      m_events(dir.Open("events.csv")),
      m_gateways(dir.Open("gateways.csv")),
      m_dir(dir)
{
    // The header of each table is the table of no records.
    Append(*m_probes, FormatProbesCsv({}));
    Append(*m_links, FormatLinksCsv({}));
    Append(*m_bgp, FormatBgpCsv({}));
    Append(*m_routes, FormatRoutesCsv({}));
    Append(*m_events, FormatEventsCsv({}));
    Append(*m_gateways, FormatGatewaysCsv({}));
}

RunFiles::~RunFiles() = default;

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
RunFiles::Append(OutputFile& file, const std::string& row)
{
    try
    {
        file.Append(row);
    }
    catch (const std::runtime_error& e)
    {
        Fail(e.what());
    }
}

void
RunFiles::OnProbe(const ProbeRecord& record)
{
    Append(*m_probes, FormatProbeRow(record));
}

void
RunFiles::OnLinkSample(const LinkSample& sample)
{
    Append(*m_links, FormatLinkRow(sample));
}

void
RunFiles::OnBgpEvent(const BgpEventRecord& event)
{
    Append(*m_bgp, FormatBgpRow(event));
}

void
RunFiles::OnRouteChange(const RouteRecord& route)
{
    Append(*m_routes, FormatRouteRow(route));
}

void
RunFiles::OnFailureEvent(const FailureEventRecord& event)
{
    Append(*m_events, FormatEventRow(event));
}

void
RunFiles::OnGatewaySample(const GatewaySample& sample)
{
    Append(*m_gateways, FormatGatewayRow(sample));
}

void
RunFiles::CapturePcap(Ptr<Topology> topology)
{
    const std::string dir = m_dir.CreateSubdirectory("pcap");
    for (const auto& link : topology->GetLinks())
    {
        if (link.kind != LinkKind::Circuit)
        {
            continue;
        }
        for (const auto& [end, device] :
             {std::make_pair("edge", link.devA), std::make_pair("msee", link.devB)})
        {
            Capture capture;
            capture.path =
                dir + "/" + link.circuit + "-" + ToString(link.role) + "-" + end + ".pcap";
            capture.file = CreateObject<PcapFileWrapper>();
            errno = 0;
            capture.file->Open(capture.path, std::ios::out);
            if (capture.file->Fail())
            {
                throw std::runtime_error("cannot create " + capture.path + ": " +
                                         std::strerror(errno));
            }
            capture.file->Init(PcapHelper::DLT_PPP, std::numeric_limits<uint32_t>::max(), 0);
            const std::size_t index = m_captures.size();
            m_captures.push_back(capture);
            // What PointToPointHelper::EnablePcap hooks, and the write checked at once: the
            // failing write(2) has just set errno.
            device->TraceConnectWithoutContext(
                "PromiscSniffer",
                Callback<void, Ptr<const Packet>>([this, index](Ptr<const Packet> p) {
                    const auto& c = m_captures[index];
                    if (m_closed || c.file->Fail())
                    {
                        return; // this capture failed already: reported once
                    }
                    errno = 0;
                    c.file->Write(Simulator::Now(), p);
                    if (c.file->Fail())
                    {
                        Fail("cannot write " + c.path + ": " +
                             (errno ? std::strerror(errno) : "write failed"));
                    }
                }));
        }
    }
}

void
RunFiles::Flush()
{
    for (auto* f : {&m_probes, &m_links, &m_bgp, &m_routes, &m_events, &m_gateways})
    {
        try
        {
            (*f)->Flush();
        }
        catch (const std::runtime_error& e)
        {
            Fail(e.what());
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
    for (auto* f : {&m_probes, &m_links, &m_bgp, &m_routes, &m_events, &m_gateways})
    {
        try
        {
            (*f)->Close();
        }
        catch (const std::runtime_error& e)
        {
            Fail(e.what());
        }
    }
    for (auto& c : m_captures)
    {
        if (c.file->Fail())
        {
            continue; // reported when it failed
        }
        errno = 0;
        c.file->Close();
        if (c.file->Fail())
        {
            Fail("cannot write " + c.path + ": " + (errno ? std::strerror(errno) : "write failed"));
        }
    }
}

} // namespace expressroute
} // namespace ns3
