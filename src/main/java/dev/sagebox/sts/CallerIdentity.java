package dev.sagebox.sts;

import dev.sagebox.aws.Account;
import dev.sagebox.aws.Arn;
import dev.sagebox.aws.Operation;
import dev.sagebox.aws.RequestContext;
import java.util.List;

/** STS's operations. {@code UserId} is the caller's access key id, as for an IAM user's root credentials. */
public final class CallerIdentity {
    /** What an unsigned caller is called: it has no key id to echo. */
    static final String ANONYMOUS = "anonymous";

    public List<Operation<?, ?>> operations() {
        return List.of(Operation.of("GetCallerIdentity", GetCallerIdentityRequest.class, this::getCallerIdentity));
    }

    GetCallerIdentityResult getCallerIdentity(RequestContext context, GetCallerIdentityRequest request) {
        String userId = context.accessKeyId() == null ? ANONYMOUS : context.accessKeyId();
        return new GetCallerIdentityResult(Arn.rootUser(), userId, Account.ID);
    }
}
