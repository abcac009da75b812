package org.kvmlab.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** The Jakarta Security identity store: accounts in the database; the account's role is its only group. */
@ApplicationScoped
public class AccountStore implements IdentityStore {

    @Inject
    UserService users;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return users.verify(login.getCaller(), login.getPasswordAsString())
                .map(u -> new CredentialValidationResult(u.username(), Set.of(u.role().roleName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
