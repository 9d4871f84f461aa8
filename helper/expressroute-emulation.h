// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_EMULATION_H
#define EXPRESSROUTE_EMULATION_H

// Emulation mode (doc/emulation.md): a scenario runs in ns-3's real-time scheduler and the edge
// router of one site is a real router in a Linux network namespace. The attached CE's circuit
// links end in tap interfaces in that namespace (expressroute-tap-relay.h); the simulated CE's
// BGP speaker and BFD agent do not start, and the router peers with the simulated MSEEs itself.
// This file: the --attach option, the host and scenario checks, the attachment at build time,
// and the real-time lag monitor. The run itself is RunScenario's (expressroute-simulation.h).

#include "expressroute-scenario.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Topology;
class TapRelay;

/// One CE router of a site handed to a network namespace.
struct Attachment
{
    std::string site;
    uint32_t ce{1}; ///< 1 or 2, as the site's CE routers are numbered
    std::string netns;
};

/**
 * Parses --attach: "SITE/ce1=netns:NAME[,ce2=netns:NAME2]". Throws std::invalid_argument naming
 * the part that is wrong.
 */
std::vector<Attachment> ParseAttachSpec(const std::string& spec);

/// What this host lacks for emulation (root, /dev/net/tun, the namespaces), one line each;
/// empty when it has everything.
std::vector<std::string> CheckEmulationHost(const std::vector<Attachment>& attachments);

/// What the scenario does not allow: an unknown site, a CE the site does not have, a circuit
/// whose provider runs BGP for the customer (Layer3: no CE-MSEE session). One line each.
std::vector<std::string> CheckAttachments(const Scenario& scenario,
                                          const std::vector<Attachment>& attachments);

/**
 * The scenario without the probes and traffic that start or end at an attached site: its hosts
 * sit behind the real router, which the simulation cannot route through. @p dropped receives
 * one line per element left out.
 */
Scenario WithoutAttachedWorkload(const Scenario& scenario,
                                 const std::vector<Attachment>& attachments,
                                 std::vector<std::string>& dropped);

/// One circuit link handed to a namespace.
struct TapLink
{
    std::string netns;
    std::string interface;        ///< tap name inside the namespace, "er<k>-primary"
    std::string circuit;
    std::string role;             ///< primary or secondary
    std::string node;             ///< the simulated CE it replaces, "site/<site>/ce1"
    std::vector<std::string> customerAddresses; ///< "192.168.100.1/30", one per peering
    std::vector<std::string> mseeAddresses;     ///< "192.168.100.2"
    std::vector<std::string> peerings;          ///< AzurePrivate, Microsoft
    uint32_t customerAsn{0};
    uint32_t mseeAsn{0};
    bool bfd{false};
};

/**
 * The attachments of one run: connects them when the topology is built, watches the lag of the
 * real-time scheduler while it runs.
 */
class Emulation
{
  public:
    explicit Emulation(std::vector<Attachment> attachments);
    ~Emulation();

    /// Creates the taps, relays and addresses; stops the attached CEs' own BGP and BFD; starts
    /// the lag monitor. Throws std::runtime_error (a tap that cannot be made, ...).
    void Attach(Ptr<Topology> topology);

    const std::vector<TapLink>& GetLinks() const { return m_links; }
    /// Worst lag of the scheduler behind the wall clock seen so far (sampled every 10 ms).
    Time GetWorstLag() const { return m_worstLag; }
    /// Simulation time of the worst lag.
    Time GetWorstLagAt() const { return m_worstLagAt; }
    /// Wall clock (Unix seconds) at simulation time 0; 0 until the run has started.
    double GetWallClockAtZero() const { return m_wallAtZero; }
    /// The "emulation" block of run.json.
    std::string ToJson(Time warmup) const;

  private:
    void SampleLag();
    /// A link's impairments changed: a circuit link taken down takes its tap's carrier down.
    void LinkChanged(uint32_t link);

    std::vector<Attachment> m_attachments;
    std::vector<TapLink> m_links;
    std::vector<Ptr<TapRelay>> m_relays;
    std::map<uint32_t, Ptr<TapRelay>> m_relayOfLink; ///< by topology link index
    Ptr<Topology> m_topology;
    Time m_worstLag{0};
    Time m_worstLagAt{0};
    uint64_t m_samples{0};
    double m_wallAtZero{0};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_EMULATION_H
