using System.Collections.Concurrent;
using System.Reflection;

namespace CareHub.Flux.Internal;

/// <summary>
/// Finds a component's <see cref="IStateChangedNotifier"/> properties (<see cref="IState{TState}"/>,
/// <see cref="IStateSelection{TState, TValue}"/>), cached per component type, and (un)subscribes to them.
/// </summary>
internal static class StateChangeSubscriptions
{
    private const BindingFlags DeclaredInstanceProperties =
        BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesByComponentType = new();

    public static IStateChangedNotifier[] Subscribe(object component, EventHandler handler)
    {
        var properties = PropertiesByComponentType.GetOrAdd(component.GetType(), Discover);
        if (properties.Length == 0)
            return [];

        var notifiers = new List<IStateChangedNotifier>(properties.Length);
        foreach (var property in properties)
        {
            if (property.GetValue(component) is IStateChangedNotifier notifier)
            {
                notifier.StateChanged += handler;
                notifiers.Add(notifier);
            }
        }

        return [.. notifiers];
    }

    public static void Unsubscribe(IStateChangedNotifier[] notifiers, EventHandler handler)
    {
        foreach (var notifier in notifiers)
            notifier.StateChanged -= handler;
    }

    private static PropertyInfo[] Discover(Type componentType)
    {
        var found = new List<PropertyInfo>();
        for (var type = componentType; type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var property in type.GetProperties(DeclaredInstanceProperties))
            {
                if (property.CanRead
                    && property.GetIndexParameters().Length == 0
                    && typeof(IStateChangedNotifier).IsAssignableFrom(property.PropertyType))
                {
                    found.Add(property);
                }
            }
        }

        return [.. found];
    }
}
