package io.parley.persistence.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Users and their tokens. Joins the caller's transaction. */
@ApplicationScoped
public class UserRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public Optional<User> findByUsername(String username) {
    return em.createNamedQuery("User.byUsername", User.class)
        .setParameter("username", username)
        .getResultStream()
        .findFirst();
  }

  public List<User> findAll() {
    return em.createNamedQuery("User.all", User.class).getResultList();
  }

  public void add(User user) {
    em.persist(user);
  }

  public void remove(User user) {
    em.createNamedQuery("AuthToken.deleteByUser").setParameter("user", user).executeUpdate();
    em.remove(user);
  }

  /** Revokes every token of {@code user}. */
  public int removeTokens(User user) {
    return em.createNamedQuery("AuthToken.deleteByUser").setParameter("user", user).executeUpdate();
  }

  public Optional<AuthToken> findToken(String tokenHash) {
    return em.createNamedQuery("AuthToken.byHash", AuthToken.class)
        .setParameter("hash", tokenHash)
        .getResultStream()
        .findFirst();
  }

  public void addToken(AuthToken token) {
    em.persist(token);
  }

  public void removeToken(AuthToken token) {
    em.remove(token);
  }

  public int removeExpiredTokens(long nowMillis) {
    return em.createNamedQuery("AuthToken.deleteExpired")
        .setParameter("now", nowMillis)
        .executeUpdate();
  }

  public long count() {
    return em.createQuery("select count(u) from User u", Long.class).getSingleResult();
  }

  public long countTokens() {
    return em.createQuery("select count(t) from AuthToken t", Long.class).getSingleResult();
  }
}
