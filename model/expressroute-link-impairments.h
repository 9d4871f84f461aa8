// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_LINK_IMPAIRMENTS_H
#define EXPRESSROUTE_LINK_IMPAIRMENTS_H

// What failures do to links, counted so that overlapping failures compose and clear in any
// order: a link stops delivering (silent: the interfaces stay up) while any failure silences
// it; its interfaces are down (signalled) while any failure downs them; loss and added delay
// (degradation) apply while set. Everything acts on the ns-3 devices, interfaces and channels,
// so BFD, BGP and the FIB see a failure only through packets and interface events.

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstddef>
#include <map>

namespace ns3
{
namespace expressroute
{

class Topology;
class ImpairmentErrorModel;

class LinkImpairments : public Object
{
  public:
    static TypeId GetTypeId();
    explicit LinkImpairments(Topology* topology = nullptr);
    ~LinkImpairments() override;

    /// Both devices of link @p link drop every packet they receive (counted).
    void Silence(std::size_t link);
    void Unsilence(std::size_t link);
    /// Both interfaces of link @p link go down (counted): the routers see it at once.
    void Down(std::size_t link);
    void Up(std::size_t link);
    /// Random loss on both devices and extra one-way delay on the channel, until cleared.
    void Degrade(std::size_t link, double lossRate, Time addedDelay);
    void ClearDegradation(std::size_t link);

    bool IsSilenced(std::size_t link) const;
    bool IsDown(std::size_t link) const;
    bool IsDegraded(std::size_t link) const;
    /// A link started or stopped carrying packets: link index, up.
    typedef void (*StateCallback)(uint32_t link, bool up);
    /// Any impairment of a link started or ended (silence, down, degradation): link index.
    typedef void (*ChangedCallback)(uint32_t link);

    /**
     * Wakes a quiescent control plane (doc/engines.md): every BGP session resumes its
     * keepalives (sessions may cross any link). Called on every impairment change, which also
     * wakes the BFD sessions of the link; failures that act otherwise call it themselves.
     */
    void WakeControlPlane();

  protected:
    void DoDispose() override;

  private:
    struct State
    {
        uint32_t silenced{0};
        uint32_t down{0};
        Time baseDelay;
        bool degraded{false};
        double lossRate{0};
        Ptr<ImpairmentErrorModel> modelA;
        Ptr<ImpairmentErrorModel> modelB;
    };

    State& Get(std::size_t link);
    void Apply(std::size_t link, State& s);
    /// Fires StateChanged when @p wasUp differs from the link's state now.
    void Notify(std::size_t link, bool wasUp);
    /// Fires ImpairmentChanged and wakes the control plane of @p link and of every session.
    void Changed(std::size_t link);

    Topology* m_topology{nullptr}; ///< the owner: no reference cycle
    std::map<std::size_t, State> m_links;
    TracedCallback<uint32_t, bool> m_stateChanged;
    TracedCallback<uint32_t> m_changed;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_LINK_IMPAIRMENTS_H
