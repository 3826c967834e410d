package dev.custos.identity.signin;

import java.util.List;

import dev.custos.identity.Actor;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets controllers declare an {@link Actor} parameter for whoever is making the request. */
@Configuration(proxyBeanMethods = false)
public class CurrentActorResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        // Resolved from the request's authentication, never sent by the caller: not a parameter of the API.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                 WebDataBinderFactory binders) {
        return current(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Actor current(Authentication authentication) {
        if (authentication != null) {
            if (authentication.getPrincipal() instanceof SignedInPerson person) {
                return Actor.person(person.person());
            }
            if (authentication.getPrincipal() instanceof Actor actor) {
                return actor;
            }
        }
        throw new InsufficientAuthenticationException("not signed in");
    }
}
