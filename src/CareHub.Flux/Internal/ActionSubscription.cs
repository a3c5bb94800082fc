namespace CareHub.Flux.Internal;

internal abstract class ActionSubscription(object subscriber)
{
    public object Subscriber { get; } = subscriber;

    /// <summary>Set on unsubscribe so a notification already under way skips it.</summary>
    public volatile bool Removed;

    public abstract void Notify(object action);
}

internal sealed class ActionSubscription<TAction>(object subscriber, Action<TAction> callback) : ActionSubscription(subscriber)
{
    public override void Notify(object action)
    {
        if (!Removed && action is TAction typed)
            callback(typed);
    }
}
