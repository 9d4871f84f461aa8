// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-emulation.h"

#include "expressroute-bfd.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-circuit.h"
#include "expressroute-link-impairments.h"
#include "expressroute-tap-relay.h"
#include "expressroute-topology.h"

#include "ns3/log.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <set>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteEmulation");

namespace
{

/// How often (simulated time) the lag of the real-time scheduler is sampled.
const Time kLagSample = MilliSeconds(10);

/// Never: the attached CE's own BGP speaker and BFD agent start after any run has ended.
const Time kNever = Seconds(1e9);

std::vector<std::string>
Split(const std::string& s, char sep)
{
    std::vector<std::string> out;
    std::string::size_type from = 0;
    while (true)
    {
        const auto at = s.find(sep, from);
        out.push_back(s.substr(from, at - from));
        if (at == std::string::npos)
        {
            return out;
        }
        from = at + 1;
    }
}

bool
SiteHasAttachedHost(const std::vector<Attachment>& attachments, const std::string& site)
{
    for (const auto& a : attachments)
    {
        if (a.site == site)
        {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<Attachment>
ParseAttachSpec(const std::string& spec)
{
    const std::string form = " (expected SITE/ce1=netns:NAME[,ce2=netns:NAME2])";
    const auto slash = spec.find('/');
    if (slash == std::string::npos || slash == 0)
    {
        throw std::invalid_argument("--attach=" + spec + ": no site name before '/'" + form);
    }
    const std::string site = spec.substr(0, slash);
    std::vector<Attachment> out;
    std::set<uint32_t> seen;
    for (const auto& part : Split(spec.substr(slash + 1), ','))
    {
        const auto eq = part.find('=');
        const std::string ce = part.substr(0, eq);
        if (eq == std::string::npos || (ce != "ce1" && ce != "ce2"))
        {
            throw std::invalid_argument("--attach=" + spec + ": '" + part +
                                        "' does not start with ce1= or ce2=" + form);
        }
        const std::string target = part.substr(eq + 1);
        const std::string prefix = "netns:";
        if (target.rfind(prefix, 0) != 0 || target.size() == prefix.size())
        {
            throw std::invalid_argument("--attach=" + spec + ": '" + target +
                                        "' is not netns:NAME" + form);
        }
        const std::string name = target.substr(prefix.size());
        if (name.find('/') != std::string::npos || name == "." || name == "..")
        {
            throw std::invalid_argument("--attach=" + spec + ": '" + name +
                                        "' is not a network namespace name");
        }
        Attachment a{site, ce == "ce1" ? 1u : 2u, name};
        if (!seen.insert(a.ce).second)
        {
            throw std::invalid_argument("--attach=" + spec + ": " + ce + " given twice");
        }
        out.push_back(a);
    }
    return out;
}

std::vector<std::string>
CheckEmulationHost(const std::vector<Attachment>& attachments)
{
    std::vector<std::string> missing;
    if (::geteuid() != 0)
    {
        missing.push_back("root: creating tap interfaces in network namespaces needs root "
                          "(CAP_NET_ADMIN and CAP_SYS_ADMIN); run with sudo");
    }
    if (::access("/dev/net/tun", R_OK | W_OK) != 0)
    {
        missing.push_back("/dev/net/tun: absent or not writable (modprobe tun; in a container, "
                          "pass the device in, e.g. --device /dev/net/tun)");
    }
    for (const auto& a : attachments)
    {
        struct stat st;
        if (::stat(("/run/netns/" + a.netns).c_str(), &st) != 0)
        {
            missing.push_back("network namespace '" + a.netns + "': /run/netns/" + a.netns +
                              " does not exist (ip netns add " + a.netns + ")");
        }
    }
    return missing;
}

std::vector<std::string>
CheckAttachments(const Scenario& scenario, const std::vector<Attachment>& attachments)
{
    std::vector<std::string> errors;
    for (const auto& a : attachments)
    {
        const SiteSpec* site = scenario.FindSite(a.site);
        if (!site)
        {
            errors.push_back("--attach: site '" + a.site + "' is not in the scenario");
            continue;
        }
        const uint32_t ces = site->ceRouters.value_or(1);
        if (a.ce > ces)
        {
            errors.push_back("--attach: site '" + a.site + "' has " + std::to_string(ces) +
                             " CE router(s), no ce" + std::to_string(a.ce));
        }
        bool any = false;
        for (const auto& c : scenario.circuits)
        {
            if (c.site != a.site)
            {
                continue;
            }
            any = true;
            const ProviderSpec* p = scenario.FindProvider(c.provider);
            if (p && p->layer == ProviderLayer::Layer3)
            {
                errors.push_back("--attach: circuit '" + c.name + "' of site '" + a.site +
                                 "' is a Layer3 service: the provider's PE, not the site's CE, "
                                 "peers with the MSEEs");
            }
        }
        if (!any)
        {
            errors.push_back("--attach: site '" + a.site + "' has no circuit");
        }
    }
    return errors;
}

Scenario
WithoutAttachedWorkload(const Scenario& scenario,
                        const std::vector<Attachment>& attachments,
                        std::vector<std::string>& dropped)
{
    Scenario s = scenario;
    s.probes.clear();
    for (const auto& p : scenario.probes)
    {
        if (SiteHasAttachedHost(attachments, p.site))
        {
            dropped.push_back("probe '" + p.name + "': its host at site '" + p.site +
                              "' sits behind the real router");
            continue;
        }
        s.probes.push_back(p);
    }
    s.traffic.clear();
    for (const auto& t : scenario.traffic)
    {
        if (SiteHasAttachedHost(attachments, t.from) || SiteHasAttachedHost(attachments, t.to))
        {
            dropped.push_back("traffic '" + t.name + "': an end at site '" +
                              (SiteHasAttachedHost(attachments, t.from) ? t.from : t.to) +
                              "' sits behind the real router");
            continue;
        }
        s.traffic.push_back(t);
    }
    return s;
}

Emulation::Emulation(std::vector<Attachment> attachments)
    : m_attachments(std::move(attachments))
{
}

Emulation::~Emulation() = default;

void
Emulation::Attach(Ptr<Topology> topology)
{
    m_topology = topology;
    for (const auto& a : m_attachments)
    {
        auto site = topology->GetSite(a.site);
        Ptr<Node> ce = site->GetCeRouters().at(a.ce - 1);
        const std::string node = topology->GetNodeName(ce->GetId());
        // The real router is this CE now: the simulated one's sessions never start.
        if (auto speaker = topology->GetBgpSpeaker(ce->GetId()))
        {
            speaker->SetStartTime(kNever);
        }
        if (auto bfd = topology->GetBfdAgent(ce->GetId()))
        {
            bfd->SetStartTime(kNever);
        }
        uint32_t k = 0;
        for (const auto& [name, circuit] : topology->GetCircuits())
        {
            if (circuit->GetSite() != a.site)
            {
                continue;
            }
            for (LinkRole role : {LinkRole::Primary, LinkRole::Secondary})
            {
                const auto& link = circuit->GetLink(role);
                if (link.edge != ce)
                {
                    continue;
                }
                TapLink t;
                t.netns = a.netns;
                t.interface = "er" + std::to_string(k) + "-" + ToString(role);
                t.circuit = name;
                t.role = ToString(role);
                t.node = node;
                t.mseeAsn = link.msee->GetAsn();
                std::vector<Ipv4Address> msee;
                for (const auto& p : circuit->GetPeerings())
                {
                    const uint32_t len = p->GetSubnet(role).length;
                    t.customerAddresses.push_back(FormatIpv4(p->GetCustomerAddress(role)) + "/" +
                                                  std::to_string(len));
                    t.mseeAddresses.push_back(FormatIpv4(p->GetMseeAddress(role)));
                    t.peerings.push_back(ToString(p->GetType()));
                    t.customerAsn = p->GetPeerAsn();
                    t.bfd = t.bfd || p->IsBfdEnabled();
                    msee.emplace_back(p->GetMseeAddress(role));
                }
                const int fd = OpenTapInNamespace(t.netns, t.interface);
                auto relay = CreateObject<TapRelay>();
                relay->Install(link.edgeDevice, fd, msee);
                ConfigureTap(t.netns, t.interface, t.customerAddresses);
                NS_LOG_INFO("attached link=" << name << "/" << t.role << " netns=" << t.netns
                                             << " interface=" << t.interface);
                m_relays.push_back(relay);
                m_links.push_back(t);
                const auto index = topology->FindLink("circuit/" + name + "/" + t.role);
                NS_ASSERT_MSG(index, "circuit link " << name << "/" << t.role << " not in the topology");
                m_relayOfLink[static_cast<uint32_t>(*index)] = relay;
                LinkChanged(static_cast<uint32_t>(*index)); // a circuit not yet provisioned
            }
            ++k;
        }
    }
    topology->GetImpairments()->TraceConnectWithoutContext(
        "ImpairmentChanged", MakeCallback(&Emulation::LinkChanged, this));
    Simulator::Schedule(kLagSample, &Emulation::SampleLag, this);
}

void
Emulation::LinkChanged(uint32_t link)
{
    auto it = m_relayOfLink.find(link);
    if (it == m_relayOfLink.end())
    {
        return;
    }
    const bool up = !m_topology->GetImpairments()->IsDown(link);
    if (!it->second->SetCarrier(up))
    {
        NS_LOG_WARN("link=" << link << " carrier=" << up << " refused by the kernel");
    }
}

void
Emulation::SampleLag()
{
    auto rt = DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation());
    if (rt)
    {
        const Time wall = rt->RealtimeNow();
        const Time lag = wall - Simulator::Now();
        if (lag > m_worstLag)
        {
            m_worstLag = lag;
            m_worstLagAt = Simulator::Now();
        }
        ++m_samples;
        if (m_wallAtZero == 0)
        {
            const double unixNow =
                std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
            m_wallAtZero = unixNow - wall.GetSeconds();
        }
    }
    Simulator::Schedule(kLagSample, &Emulation::SampleLag, this);
}

std::string
Emulation::ToJson(Time warmup) const
{
    nlohmann::ordered_json j;
    j["scheduler"] = "ns3::RealtimeSimulatorImpl";
    j["worst_lag_ms"] = std::round(m_worstLag.GetSeconds() * 1e6) / 1e3;
    j["worst_lag_at_scenario_s"] = std::round((m_worstLagAt - warmup).GetSeconds() * 1e3) / 1e3;
    j["lag_samples"] = m_samples;
    // Where scenario time 0 fell on the wall clock, so that a router's log can be lined up.
    j["wall_clock_at_scenario_start_unix_s"] =
        m_wallAtZero == 0 ? nlohmann::ordered_json(nullptr)
                          : nlohmann::ordered_json(m_wallAtZero + warmup.GetSeconds());
    j["links"] = nlohmann::ordered_json::array();
    for (const auto& t : m_links)
    {
        j["links"].push_back({{"netns", t.netns},
                              {"interface", t.interface},
                              {"circuit", t.circuit},
                              {"role", t.role},
                              {"replaces", t.node},
                              {"peerings", t.peerings},
                              {"customer_addresses", t.customerAddresses},
                              {"msee_addresses", t.mseeAddresses},
                              {"customer_asn", t.customerAsn},
                              {"msee_asn", t.mseeAsn},
                              {"bfd", t.bfd}});
    }
    return j.dump();
}

} // namespace expressroute
} // namespace ns3
