// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_H
#define EXPRESSROUTE_FAILURE_H

// A failure of the what-if engine: an ns-3 Object created by TypeId name from the scenario's
// "failures" (its kind is the TypeId name without "ns3::expressroute::", its other keys are
// attributes), bound to a target by name, started at a scenario time and cleared after an
// optional duration. A failure acts only through the model's own mechanisms: devices that stop
// delivering, interfaces that go down, a BGP policy, a NOTIFICATION, prefixes a router
// originates. FailureStarted and FailureCleared go to events.csv.
//
// One file pair per kind: expressroute-failure-*.{h,cc}.

#include "expressroute-msee.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

class Topology;

/// What a failure's target names.
enum class FailureTargetKind
{
    CircuitLink,     ///< "<circuit>/<primary|secondary>"
    Circuit,         ///< "<circuit>"
    Msee,            ///< "<peering location>/<primary|secondary>"
    PeeringLocation, ///< "<peering location>"
    Provider,        ///< "<provider>"
    BackboneLink,    ///< "<region>--<region>"
    Region,          ///< "<Azure region>"
    Link,            ///< any link: "<circuit>/<role>" or a full link name ("backbone/A--B")
    BgpSession,      ///< "<circuit>/<primary|secondary>/<AzurePrivate|Microsoft>"
    Vnet,            ///< "<VNet>" (its ExpressRoute gateway)
    Peering,         ///< "<circuit>/<AzurePrivate|Microsoft>"
    PrivatePeeringOrSite, ///< "<circuit>" with private peering, or "<site>"
    CeRouter              ///< "<site>/ce<N>"
};

/// "a circuit link (<circuit>/<primary|secondary>)", for error messages and documentation.
std::string Describe(FailureTargetKind kind);

/// How a link or router fails: it stops delivering with its interfaces up (silent: found by
/// BFD or the hold timer), or its interfaces go down (signalled: routers react at once).
enum class FailureMode
{
    Silent,
    Signalled
};

/// "primary" or "secondary", as link and session names write a link role.
std::optional<LinkRole> ParseTargetRole(const std::string& s);

std::string ToString(FailureMode mode);
std::optional<FailureMode> ParseFailureMode(const std::string& s);
std::vector<std::string> FailureModeNames();

class Failure : public Object
{
  public:
    /// Failure started or cleared: kind, target, detail.
    typedef void (*FailureCallback)(std::string, std::string, std::string);

    static TypeId GetTypeId();
    Failure();
    ~Failure() override;

    /// "LinkFailure" for ns3::expressroute::LinkFailure.
    std::string GetKind() const;
    /// What the event is, for events.csv (<category>Started, <category>Cleared): "Failure",
    /// or "Provisioning" for the steps of the provisioning workflow.
    virtual std::string GetCategory() const { return "Failure"; }
    virtual FailureTargetKind GetTargetKind() const = 0;
    /// False for a kind that happens at an instant (a session reset, a provisioning step), so
    /// that a scenario's duration for it, which would do nothing, is refused.
    virtual bool TakesDuration() const { return true; }

    /// Finds @p target in @p topology; returns "" or why it cannot (naming what exists).
    std::string Bind(Ptr<Topology> topology, const std::string& target);
    /// Starts after @p start from now, and clears @p duration later (never when unset).
    void Schedule(Time start, std::optional<Time> duration);

    const std::string& GetTarget() const { return m_target; }
    bool IsActive() const { return m_active; }
    /// The scenario field a Bind error is about: "target", or the key of the attribute that
    /// does not fit the target ("instance").
    const std::string& GetBindErrorField() const { return m_bindErrorField; }

    /// What the failure acts on, once bound: links (indices in Topology::GetLinks()) and nodes
    /// (ids), so that a path can be checked against it. False when the kind cannot say (a
    /// session reset, a drain): then nothing is added.
    virtual bool GetReach(std::vector<std::size_t>& links, std::vector<uint32_t>& nodes) const
    {
        return false;
    }

  protected:
    void DoDispose() override;

    virtual std::string DoBind() = 0;
    virtual void DoStart() = 0;
    virtual void DoClear() = 0;

    /// The links of a circuit link target ("c/primary"); empty and @p error set if unknown.
    std::optional<std::size_t> FindCircuitLink(const std::string& target, std::string& error) const;
    /// Every link with @p node at one end.
    std::vector<std::size_t> LinksOf(uint32_t node) const;
    /// Silences (Silent) or downs (Signalled) @p links; Restore undoes it.
    void Cut(const std::vector<std::size_t>& links, FailureMode mode);
    void Restore(const std::vector<std::size_t>& links, FailureMode mode);

    Ptr<Topology> m_topology;
    std::string m_target;
    std::string m_detail; ///< for events.csv, e.g. "links=2 mode=Silent"
    std::string m_bindErrorField{"target"};

  private:
    void Start();
    void Clear();

    bool m_active{false};
    TracedCallback<std::string, std::string, std::string> m_started;
    TracedCallback<std::string, std::string, std::string> m_cleared;
};

/**
 * A failure that cuts a set of links, silently or signalled (attribute Mode); the kinds differ
 * in which links their target stands for.
 */
class LinkSetFailure : public Failure
{
  public:
    static TypeId GetTypeId();

  public:
    bool GetReach(std::vector<std::size_t>& links, std::vector<uint32_t>& nodes) const override;

  protected:
    void DoStart() override;
    void DoClear() override;
    /// Adds the Mode attribute (Silent by default) to a kind's TypeId.
    static TypeId AddModeAttribute(TypeId tid);
    /// Sets m_links and the detail ("links=N mode=M"); returns "" or the DoBind error.
    std::string SetLinks(std::vector<std::size_t> links, const std::string& error = "");

    std::vector<std::size_t> m_links;
    /// Links that go down whatever the mode: a failed router's attachment to Microsoft's
    /// backbone, which Microsoft's interior routing detects.
    std::vector<std::size_t> m_signalledLinks;
    FailureMode m_mode{FailureMode::Silent};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_H
