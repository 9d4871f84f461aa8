// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-pcap-links.h"

#include "expressroute-circuit.h"
#include "expressroute-peering.h"
#include "expressroute-scenario-diagnostics.h"
#include "expressroute-topology.h"

#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"

#include <fnmatch.h>
#include <stdexcept>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRoutePcapLinks");

namespace
{

constexpr uint16_t kPppIpv4 = 0x0021;
constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherLocal = 0x88b5; ///< IEEE local experimental: a non-IPv4 payload

/// Microsoft's service prefixes as the model stands them in (20.192.N.0/24, 20.193.N.0/24).
bool
IsMicrosoftServiceAddress(uint32_t addr)
{
    return (addr & 0xfffe0000U) == ((20U << 24) | (192U << 16));
}

void
Put16(std::vector<uint8_t>& out, uint16_t v)
{
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v & 0xff));
}

bool
Matches(const std::string& pattern, const std::string& name)
{
    return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

} // namespace

const std::vector<std::string>&
DefaultPcapLinks()
{
    static const std::vector<std::string> links{"circuit/*/primary", "circuit/*/secondary"};
    return links;
}

std::vector<std::size_t>
SelectPcapLinks(const Topology& topology, const std::vector<std::string>& patterns)
{
    const auto& links = topology.GetLinks();
    std::vector<bool> chosen(links.size(), false);
    for (const auto& pattern : patterns)
    {
        bool any = false;
        for (std::size_t i = 0; i < links.size(); ++i)
        {
            const auto& l = links[i];
            const bool circuitName = l.kind == LinkKind::Circuit && Matches(pattern, l.circuit);
            if (Matches(pattern, l.name) || circuitName)
            {
                chosen[i] = true;
                any = true;
            }
        }
        if (!any)
        {
            std::vector<std::string> names;
            for (const auto& l : links)
            {
                if (l.kind == LinkKind::Circuit || l.kind == LinkKind::Backbone ||
                    l.kind == LinkKind::Internet || l.kind == LinkKind::Access)
                {
                    names.push_back(l.name);
                }
            }
            throw std::invalid_argument(
                "--pcap-links: " + Quote(pattern) +
                " names no link (link names look like circuit/<circuit>/primary, "
                "backbone/<region>--<region>, internet/<connection>/site; globs such as circuit/* "
                "work)" +
                DidYouMean(pattern, names));
        }
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < links.size(); ++i)
    {
        if (chosen[i])
        {
            out.push_back(i);
        }
    }
    return out;
}

std::string
PcapFileName(const Topology& topology, std::size_t link, bool a)
{
    const auto& l = topology.GetLinks().at(link);
    if (l.kind == LinkKind::Circuit)
    {
        return l.circuit + "-" + ToString(l.role) + "-" + (a ? "edge" : "msee") + ".pcap";
    }
    std::string name = l.name;
    for (auto& c : name)
    {
        if (c == '/' || c == ' ')
        {
            c = '_';
        }
    }
    return name + (a ? "-a" : "-b") + ".pcap";
}

uint16_t
PeeringVlan(const Circuit& circuit, uint32_t src, uint32_t dst)
{
    uint16_t privateVlan = 0;
    uint16_t microsoftVlan = 0;
    bool publicAddress = IsMicrosoftServiceAddress(src) || IsMicrosoftServiceAddress(dst);
    for (const auto& p : circuit.GetPeerings())
    {
        for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
        {
            const auto& subnet = p->GetSubnet(role);
            if (subnet.Contains(src) || subnet.Contains(dst))
            {
                return p->GetVlan(); // the peering's own BGP and BFD packets
            }
        }
        if (p->GetType() == PeeringType::Microsoft)
        {
            microsoftVlan = p->GetVlan();
            for (const auto& prefix : p->GetAdvertisedPublicPrefixes())
            {
                publicAddress = publicAddress || prefix.Contains(src) || prefix.Contains(dst);
            }
        }
        else
        {
            privateVlan = p->GetVlan();
        }
    }
    if (publicAddress && microsoftVlan != 0)
    {
        return microsoftVlan;
    }
    return privateVlan != 0 ? privateVlan : microsoftVlan;
}

std::vector<uint8_t>
CircuitFrame(const Circuit& circuit, Ptr<const Packet> ppp)
{
    Ptr<Packet> p = ppp->Copy();
    PppHeader pppHeader;
    p->RemoveHeader(pppHeader);
    uint16_t etherType = kEtherLocal;
    uint16_t vlan = 0;
    if (pppHeader.GetProtocol() == kPppIpv4)
    {
        Ipv4Header ip;
        p->PeekHeader(ip);
        etherType = kEtherIpv4;
        vlan = PeeringVlan(circuit, ip.GetSource().Get(), ip.GetDestination().Get());
    }
    std::vector<uint8_t> frame{0x02, 0, 0, 0, 0, 0x02,  // destination: synthetic, locally
                               0x02, 0, 0, 0, 0, 0x01}; // administered
    if (vlan != 0)
    {
        Put16(frame, kEtherVlan);
        Put16(frame, vlan); // priority 0, DEI 0
    }
    Put16(frame, etherType);
    const std::size_t header = frame.size();
    frame.resize(header + p->GetSize());
    p->CopyData(frame.data() + header, p->GetSize());
    return frame;
}

} // namespace expressroute
} // namespace ns3
