// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_ENUM_ATTRIBUTE_H
#define EXPRESSROUTE_ENUM_ATTRIBUTE_H

// ns-3 3.37's EnumValue holds an int and its member accessor needs an implicit conversion, which
// `enum class` does not allow. These helpers bind an `enum class` member to an EnumValue
// attribute, with the names from the vocabulary tables of expressroute-limits.h.

#include "ns3/attribute.h"
#include "ns3/enum.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// EnumValue of an `enum class` value.
template <typename E>
EnumValue
EnumClassValue(E value)
{
    return EnumValue(static_cast<int>(value));
}

/// Accessor for an `enum class` data member of @p T.
template <typename T, typename E>
Ptr<const AttributeAccessor>
MakeEnumClassAccessor(E T::*member)
{
    class Accessor : public AttributeAccessor
    {
      public:
        explicit Accessor(E T::*m)
            : m_member(m)
        {
        }

        bool Set(ObjectBase* object, const AttributeValue& value) const override
        {
            auto* obj = dynamic_cast<T*>(object);
            const auto* v = dynamic_cast<const EnumValue*>(&value);
            if (obj == nullptr || v == nullptr)
            {
                return false;
            }
            obj->*m_member = static_cast<E>(v->Get());
            return true;
        }

        bool Get(const ObjectBase* object, AttributeValue& value) const override
        {
            const auto* obj = dynamic_cast<const T*>(object);
            auto* v = dynamic_cast<EnumValue*>(&value);
            if (obj == nullptr || v == nullptr)
            {
                return false;
            }
            v->Set(static_cast<int>(obj->*m_member));
            return true;
        }

        bool HasGetter() const override { return true; }

        bool HasSetter() const override { return true; }

      private:
        E T::*m_member;
    };

    return Ptr<const AttributeAccessor>(new Accessor(member), false);
}

/// Checker accepting the values named by @p names, parsed with @p parse.
template <typename E, typename Parse>
Ptr<const AttributeChecker>
MakeEnumClassChecker(const std::vector<std::string>& names, Parse parse)
{
    auto checker = Create<EnumChecker>();
    for (const auto& name : names)
    {
        checker->Add(static_cast<int>(*parse(name)), name);
    }
    return checker;
}

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_ENUM_ATTRIBUTE_H
