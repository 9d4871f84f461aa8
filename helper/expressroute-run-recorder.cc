// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bgp-session.h"
#include "expressroute-peering.h"
#include "expressroute-circuit.h"
#include "expressroute-link-impairments.h"
#include "expressroute-virtual-network.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-er-gateway.h"
#include "expressroute-failure.h"
#include "expressroute-run-recorder.h"

#include "expressroute-bfd.h"
#include "expressroute-bgp-message.h"
#include "expressroute-bgp-speaker.h"

#include "ns3/callback.h"
#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace expressroute
{

RunRecorder::RunRecorder() = default;
RunRecorder::~RunRecorder() = default;

void
RunRecorder::AddProbe(ProbeRecord record)
{
    if (m_probeSpan.IsZero())
    {
        m_probes.push_back(std::move(record));
        return;
    }
    auto it = m_openProbeRuns.find(record.probe);
    if (it == m_openProbeRuns.end())
    {
        m_openProbeRuns.emplace(record.probe, std::move(record));
        return;
    }
    ProbeRecord& run = it->second;
    const Time every = record.sent - run.LastSent();
    const bool continues =
        record.seq == run.seq + run.count && record.success == run.success &&
        record.rtt == run.rtt && every.IsStrictlyPositive() &&
        (run.count == 1 || every == run.every) &&
        record.sent.GetTimeStep() / m_probeSpan.GetTimeStep() ==
            run.sent.GetTimeStep() / m_probeSpan.GetTimeStep();
    if (continues)
    {
        run.every = every;
        ++run.count;
        return;
    }
    m_probes.push_back(std::move(run));
    run = std::move(record);
}

void
RunRecorder::FlushProbes()
{
    for (auto& [name, run] : m_openProbeRuns)
    {
        m_probes.push_back(std::move(run));
    }
    m_openProbeRuns.clear();
}

std::size_t
RunRecorder::AddFlow(FlowRecord record)
{
    m_flows.push_back(std::move(record));
    return m_flows.size() - 1;
}

void
RunRecorder::CountTx(std::size_t flow, uint32_t bytes)
{
    m_flows[flow].txBytes += bytes;
    m_flows[flow].txPackets += 1;
}

void
RunRecorder::CountRx(std::size_t flow, uint32_t bytes)
{
    auto& f = m_flows[flow];
    f.rxBytes += bytes;
    f.rxPackets += 1;
    const Time now = Simulator::Now() - m_origin;
    if (!f.firstRx)
    {
        f.firstRx = now;
    }
    f.lastRx = now;
}

void
RunRecorder::WatchGateways(Ptr<Topology> topology, Time interval, Time stop)
{
    struct Last
    {
        GatewayDataPath::Counters counters;
        Time at;
    };
    auto last = std::make_shared<std::map<std::string, Last>>();
    // The recorder owns the sampler; the scheduled events hold it weakly, so that a run stopped
    // early (Ctrl-C) frees it, and the topology it holds, with the recorder.
    m_gatewaySampler = std::make_shared<std::function<void()>>();
    std::weak_ptr<std::function<void()>> weak = m_gatewaySampler;
    auto next = [weak]() {
        if (auto s = weak.lock())
        {
            (*s)();
        }
    };
    *m_gatewaySampler = [this, topology, interval, stop, last, next]() {
        const Time now = Simulator::Now() - m_origin;
        for (const auto& [name, vnet] : topology->GetVnets())
        {
            auto gw = vnet->GetGateway();
            auto path = gw ? gw->GetDataPath() : nullptr;
            if (!path)
            {
                continue;
            }
            GatewayDataPath::Counters c = path->GetCounters();
            if (m_gatewayTraffic)
            {
                m_gatewayTraffic(PeekPointer(gw), c);
            }
            auto [it, fresh] = last->try_emplace(name, Last{c, now});
            if (fresh)
            {
                continue; // the first call only takes the counters at scenario time 0
            }
            GatewaySample s;
            s.start = it->second.at;
            s.end = now;
            s.vnet = name;
            s.sku = ToString(gw->GetSku());
            s.throughputBps = gw->GetSkuInfo().throughputBps;
            s.routesLearnedSupported = gw->GetSkuInfo().routesLearned;
            const auto& p = it->second.counters;
            s.bitsToVnet = 8 * (c.bytes[0] - p.bytes[0]);
            s.bitsFromVnet = 8 * (c.bytes[1] - p.bytes[1]);
            s.packetsToVnet = c.packets[0] - p.packets[0];
            s.packetsFromVnet = c.packets[1] - p.packets[1];
            s.droppedPackets = c.droppedPackets[0] + c.droppedPackets[1] - p.droppedPackets[0] -
                               p.droppedPackets[1];
            s.bypassedBits = 8 * (c.bypassedBytes - p.bypassedBytes);
            s.instancesUp = path->GetInstancesUp();
            s.instances = path->GetInstances();
            if (auto speaker = topology->GetBgpSpeaker(gw->GetNode()->GetId()))
            {
                s.routesLearned = speaker->GetLearnedRouteCount();
                for (uint32_t peer = 0; peer < speaker->GetPeerCount(); ++peer)
                {
                    s.routesAdvertised = std::max<uint32_t>(
                        s.routesAdvertised,
                        static_cast<uint32_t>(speaker->GetAdjRibOutSize(peer)));
                }
            }
            m_gateways.push_back(s);
            it->second = Last{c, now};
        }
        if (now < stop)
        {
            Simulator::Schedule(std::min(interval, stop - now), next);
        }
    };
    Simulator::Schedule(m_origin, next);
}

void
RunRecorder::WatchFailure(Ptr<Failure> failure)
{
    for (const char* suffix : {"Started", "Cleared"})
    {
        const std::string event = failure->GetCategory() + suffix;
        failure->TraceConnectWithoutContext(
            std::string("Failure") + suffix,
            Callback<void, std::string, std::string, std::string>(
                [this, event](std::string kind, std::string target, std::string detail) {
                    m_failures.push_back(
                        {Simulator::Now() - m_origin, event, kind, target, detail});
                    ++m_routingEpoch;
                }));
    }
}

void
RunRecorder::WatchControlPlane(Ptr<Topology> topology)
{
    topology->WatchPathChanges([this]() { ++m_routingEpoch; });
    for (uint32_t id : topology->GetNodeIds())
    {
        const std::string router = topology->GetNodeName(id);
        auto add = [this, router](std::string peer, std::string event, std::string detail) {
            m_bgp.push_back({Simulator::Now() - m_origin, router, std::move(peer), std::move(event),
                             std::move(detail)});
        };
        if (auto speaker = topology->GetBgpSpeaker(id))
        {
            speaker->TraceConnectWithoutContext(
                "SessionStateChanged",
                Callback<void, std::string, std::string, std::string>(
                    [add](std::string peer, std::string from, std::string to) {
                        add(peer, "session-state", from + ">" + to);
                    }));
            speaker->TraceConnectWithoutContext(
                "UpdateReceived",
                Callback<void, std::string, uint32_t, uint32_t>(
                    [add](std::string peer, uint32_t announced, uint32_t withdrawn) {
                        add(peer, "update", "announced=" + std::to_string(announced) +
                                                " withdrawn=" + std::to_string(withdrawn));
                    }));
            speaker->TraceConnectWithoutContext(
                "PrefixLimitExceeded",
                Callback<void, std::string, uint32_t, uint32_t>(
                    [add](std::string peer, uint32_t count, uint32_t limit) {
                        add(peer, "prefix-limit", "prefixes=" + std::to_string(count) +
                                                      " limit=" + std::to_string(limit));
                    }));
            speaker->TraceConnectWithoutContext(
                "Notification",
                Callback<void, std::string, uint8_t, uint8_t, bool>(
                    [add](std::string peer, uint8_t code, uint8_t sub, bool sent) {
                        add(peer, sent ? "notification-sent" : "notification-received",
                            BgpErrorName(code, sub));
                    }));
            speaker->TraceConnectWithoutContext(
                "RouteTooLarge",
                Callback<void, std::string, std::string, uint32_t>(
                    [add](std::string peer, std::string prefix, uint32_t bytes) {
                        add(peer, "route-too-large",
                            "prefix=" + prefix + " update_bytes=" + std::to_string(bytes));
                    }));
            speaker->TraceConnectWithoutContext(
                "BestPathChanged",
                Callback<void, std::string, std::string, std::string>(
                    [this, router](std::string prefix, std::string hops, std::string reason) {
                        m_routes.push_back({Simulator::Now() - m_origin, router, prefix, hops, reason});
                        ++m_routingEpoch;
                    }));
        }
        if (auto bfd = topology->GetBfdAgent(id))
        {
            bfd->TraceConnectWithoutContext(
                "StateChanged",
                Callback<void, std::string, std::string, std::string, uint8_t>(
                    [add](std::string session, std::string from, std::string to, uint8_t diag) {
                        add(session, "bfd-state", from + ">" + to + " diag=" + std::to_string(diag));
                    }));
        }
    }
}

std::vector<std::size_t>
SampledLinks(Ptr<Topology> topology)
{
    std::vector<std::size_t> out;
    const auto& links = topology->GetLinks();
    for (std::size_t l = 0; l < links.size(); ++l)
    {
        if (links[l].kind == LinkKind::Circuit)
        {
            out.push_back(l);
        }
    }
    for (std::size_t l = 0; l < links.size(); ++l)
    {
        const auto& n = links[l].name;
        if (links[l].kind == LinkKind::Internet && n.rfind("internet/", 0) == 0 && n.size() > 14 &&
            n.compare(n.size() - 5, 5, "/site") == 0)
        {
            out.push_back(l);
        }
    }
    for (std::size_t l = 0; l < links.size(); ++l)
    {
        if (links[l].kind == LinkKind::Wan)
        {
            out.push_back(l);
        }
    }
    return out;
}

void
RunRecorder::WatchCircuitLinks(Ptr<Topology> topology, Time interval, Time stop)
{
    // Counters live in a vector sized before any callback captures an index into it.
    std::vector<const Topology::Link*> circuitLinks;
    for (std::size_t l : SampledLinks(topology))
    {
        circuitLinks.push_back(&topology->GetLinks()[l]);
    }
    m_counters.resize(circuitLinks.size());
    for (std::size_t i = 0; i < circuitLinks.size(); ++i)
    {
        const auto& link = *circuitLinks[i];
        auto& c = m_counters[i];
        if (link.kind == LinkKind::Circuit)
        {
            auto circuit = topology->GetCircuit(link.circuit);
            c.circuit = link.circuit;
            c.role = ToString(link.role);
            c.location = circuit->GetLink(link.role).peeringLocation;
            c.rateBps = link.rate.GetBitRate();
        }
        else if (link.kind == LinkKind::Wan)
        {
            // A site link of the customer's WAN ("wan/<name>"): in = from its first site.
            c.circuit = link.name.substr(4);
            c.role = "wan";
            c.location = "wan";
            c.rateBps = link.rate.GetBitRate();
        }
        else
        {
            // A VPN tunnel's site end: the connection, at its gateway SKU's throughput.
            c.circuit = link.name.substr(9, link.name.size() - 9 - 5); // internet/<name>/site
            c.role = "vpn";
            c.location = "internet";
            auto vpn = topology->GetVpnConnections().find(c.circuit);
            c.rateBps = vpn != topology->GetVpnConnections().end()
                            ? vpn->second->GetThroughput().GetBitRate()
                            : link.rate.GetBitRate();
        }
        // Into Azure: what the MSEE receives from the edge. Out of Azure: what the MSEE sends.
        // Drops of each direction: the sending side's queue discipline and device queue, and
        // the receiving side's error model (silent failures and degradations).
        CountDrops(link.devA, link.devB, &m_counters[i].dropIn);
        CountDrops(link.devB, link.devA, &m_counters[i].dropOut);
        link.devB->TraceConnectWithoutContext(
            "MacRx",
            Callback<void, Ptr<const Packet>>([this, i](Ptr<const Packet> p) {
                m_counters[i].bytesIn += p->GetSize();
            }));
        link.devA->TraceConnectWithoutContext(
            "MacRx",
            Callback<void, Ptr<const Packet>>([this, i](Ptr<const Packet> p) {
                m_counters[i].bytesOut += p->GetSize();
            }));
    }
    // Availability (Azure's ArpAvailability and BgpAvailability): link state changes from the
    // impairments, session state changes of the MSEE's sessions on the link.
    std::map<uint32_t, std::size_t> counterOfLink;
    for (std::size_t i = 0; i < circuitLinks.size(); ++i)
    {
        counterOfLink[static_cast<uint32_t>(*topology->FindLink(circuitLinks[i]->name))] = i;
    }
    topology->GetImpairments()->TraceConnectWithoutContext(
        "StateChanged",
        Callback<void, uint32_t, bool>([this, counterOfLink](uint32_t link, bool up) {
            auto it = counterOfLink.find(link);
            if (it != counterOfLink.end())
            {
                m_counters[it->second].arp.Set(up, Simulator::Now() - m_origin);
            }
        }));
    std::map<std::pair<uint32_t, std::string>, std::pair<std::size_t, std::string>> sessionOf;
    for (std::size_t i = 0; i < circuitLinks.size(); ++i)
    {
        const auto& link = *circuitLinks[i];
        if (link.kind != LinkKind::Circuit)
        {
            continue; // a VPN tunnel: no MSEE session
        }
        for (const auto& peering : topology->GetCircuit(link.circuit)->GetPeerings())
        {
            const std::string type = ToString(peering->GetType());
            m_counters[i].bgp[type] = Availability{};
            sessionOf[{link.nodeB, link.circuit + "/" + ToString(link.role) + "/" + type}] = {i, type};
        }
    }
    std::set<uint32_t> msees;
    for (const auto& [key, value] : sessionOf)
    {
        msees.insert(key.first);
    }
    for (uint32_t id : msees)
    {
        if (auto speaker = topology->GetBgpSpeaker(id))
        {
            speaker->TraceConnectWithoutContext(
                "SessionStateChanged",
                Callback<void, std::string, std::string, std::string>(
                    [this, id, sessionOf](std::string peer, std::string, std::string to) {
                        auto it = sessionOf.find({id, peer});
                        if (it != sessionOf.end())
                        {
                            m_counters[it->second.first].bgp[it->second.second].Set(
                                to == "Established", Simulator::Now() - m_origin);
                        }
                    }));
        }
    }
    m_lastSample = Time(0);
    if (!circuitLinks.empty())
    {
        // Counters from the warm-up (session set-up) are cleared at scenario time 0, and the
        // availabilities start from the states then.
        Simulator::Schedule(m_origin, [this, topology, circuitLinks]() {
            auto impairments = topology->GetImpairments();
            for (std::size_t i = 0; i < m_counters.size(); ++i)
            {
                auto& c = m_counters[i];
                c.bytesIn = c.bytesOut = c.dropIn = c.dropOut = 0;
                const std::size_t l = *topology->FindLink(circuitLinks[i]->name);
                c.arp = Availability{};
                c.arp.Set(!impairments->IsDown(l) && !impairments->IsSilenced(l), Time(0));
                auto speaker = topology->GetBgpSpeaker(circuitLinks[i]->nodeB);
                for (auto& [type, a] : c.bgp)
                {
                    auto peer = speaker ? speaker->FindPeer(c.circuit + "/" + c.role + "/" + type)
                                        : std::nullopt;
                    a = Availability{};
                    a.Set(peer && speaker->GetSession(*peer)->IsEstablished(), Time(0));
                }
            }
        });
        Simulator::Schedule(m_origin + std::min(interval, stop),
                            &RunRecorder::Sample,
                            this,
                            interval,
                            stop);
    }
}

void
RunRecorder::CountDrops(Ptr<NetDevice> sender, Ptr<NetDevice> receiver, uint64_t* bytes)
{
    Callback<void, Ptr<const Packet>> packetDropped([bytes](Ptr<const Packet> p) {
        *bytes += p->GetSize() - 2; // without the PPP header, as MacRx counts them
    });
    // The queue's Drop covers both its overflow (MacTxDrop) and the data pushed out by control.
    DynamicCast<PointToPointNetDevice>(sender)->GetQueue()->TraceConnectWithoutContext(
        "Drop", packetDropped);
    receiver->TraceConnectWithoutContext("PhyRxDrop", packetDropped);
}

void
RunRecorder::Sample(Time interval, Time stop)
{
    const Time now = Simulator::Now() - m_origin;
    for (std::size_t i = 0; i < m_counters.size(); ++i)
    {
        auto& c = m_counters[i];
        LinkSample s;
        s.start = m_lastSample;
        s.end = now;
        s.circuit = c.circuit;
        s.role = c.role;
        s.peeringLocation = c.location;
        s.rateBps = c.rateBps;
        s.bitsIn = c.bytesIn * 8;
        s.bitsOut = c.bytesOut * 8;
        s.droppedBitsIn = c.dropIn * 8;
        s.droppedBitsOut = c.dropOut * 8;
        s.arpAvailability = c.arp.Take(m_lastSample, now);
        for (auto& [type, a] : c.bgp)
        {
            (type == "Microsoft" ? s.bgpMicrosoft : s.bgpPrivate) = a.Take(m_lastSample, now);
        }
        if (m_linkTraffic)
        {
            m_linkTraffic(i, s);
        }
        m_samples.push_back(s);
        c.bytesIn = c.bytesOut = c.dropIn = c.dropOut = 0;
    }
    m_lastSample = now;
    if (now < stop)
    {
        Simulator::Schedule(std::min(interval, stop - now), &RunRecorder::Sample, this, interval, stop);
    }
}

} // namespace expressroute
} // namespace ns3
